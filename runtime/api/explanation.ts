/**
 * The verdict on one outbound request, as the permission model explains it: shared by
 * the runtime, the event stream and the inspector. Types only.
 */

/** The one part of an entry that kept it from allowing a request. */
export type NearMissPart = 'scheme' | 'host' | 'port';

/** An entry that would have allowed the request but for one part. */
export interface NearMiss {
  readonly entry: string;
  readonly failed: NearMissPart;
}

/** Why a request was denied: no entry matched, the URL did not parse, or the list itself could not be resolved. */
export type DenialReason = 'not-allowed' | 'unparsable-url' | 'policy-unresolved';

/** The verdict on one request, with everything a developer needs to act on it. */
export interface Explanation {
  readonly url: string;
  readonly allowed: boolean;
  /** The first entry (as written in the manifest) that allowed the request. */
  readonly matchedBy?: string;
  readonly nearMisses: readonly NearMiss[];
  /** Spin's `<scheme>://<authority>` for the request (spec §12.53). */
  readonly destination?: string;
  /** The entry to add so this request is allowed (spec §12.54). */
  readonly suggestion?: string;
  readonly denial?: { readonly reason: DenialReason; readonly message: string };
}
