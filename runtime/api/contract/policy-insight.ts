/** Policy what-if and audit: a component's allowed_outbound_hosts held against the outbound calls recorded this session. */

/** One outbound call a component made this session, as recorded. */
export interface RecordedCall {
  /** The id of its `outbound.request` event (for a non-HTTP connection, of its `outbound.denied` or `host.unsupported`). */
  readonly id: string;
  readonly traceId: string;
  /** The calling component. */
  readonly component: string;
  /** The HTTP method; for a non-HTTP connection, the interface, e.g. `fermyon:spin/redis@2.0.0`. */
  readonly method: string;
  /** The URL as recorded (a path alone for a relative request), or the address of a non-HTTP connection. */
  readonly url: string;
}

/** Whether a call is (or was) let out, and by which entry, as written (`{{ var }}` unexpanded). */
export interface CallDecision {
  readonly allowed: boolean;
  /** The entry that allowed it; absent when denied, or when the recording does not say (a call still in flight). */
  readonly allowedBy?: string;
}

/** A recorded call whose decision a proposed list would change. */
export interface DecisionChange {
  readonly call: RecordedCall;
  /** As recorded, under the list enforced when the call was made. */
  readonly before: CallDecision;
  /** Under the proposed list. */
  readonly after: CallDecision;
}

/**
 * What a proposed allowed_outbound_hosts would change for one component: every recorded
 * call of it whose decision differs (allowed -> denied, denied -> allowed), in recording order.
 */
export interface WhatIfResult {
  readonly component: string;
  /** The proposed entries, as written. */
  readonly entries: readonly string[];
  /** How many recorded calls of the component were checked. */
  readonly calls: number;
  readonly changes: readonly DecisionChange[];
}

/** What the audit says of one entry: `unused` (it allowed no call), `too-broad` (it allows more than the calls need), or `needed`. */
export type EntryVerdict = 'unused' | 'too-broad' | 'needed';

/** One allowed_outbound_hosts entry held against the calls it allowed. */
export interface EntryAudit {
  /** The entry as written. */
  readonly entry: string;
  readonly verdict: EntryVerdict;
  /** How many recorded calls it allowed (as the first entry to match, as Spin reports it). */
  readonly allowed: number;
  /** For `too-broad`: each part that is wider than the calls need, e.g. `any host`, `every port (:*)`. */
  readonly reasons: readonly string[];
  /**
   * What stands for it in the narrowest list: nothing when unused, itself when needed, else
   * the entries naming the destinations it allowed. A `{{ var }}` entry keeps its templates
   * as written: only a `*` scheme or a `*` port or port range written literally is narrowed.
   */
  readonly narrowTo: readonly string[];
}

/** One component's allowed_outbound_hosts audited against the session's recorded calls. */
export interface ComponentAudit {
  readonly component: string;
  /** Its entries as enforced now, as written. */
  readonly current: readonly string[];
  readonly entries: readonly EntryAudit[];
  /**
   * The narrowest list that still allows every recorded call the current list allows:
   * no broader than the current list, templated entries kept as written.
   */
  readonly narrowed: readonly string[];
  /** How many recorded calls of the component were checked, and how many of them the current list allows. */
  readonly calls: number;
  readonly allowedCalls: number;
  /** Why the current list denies everything (a `{{ var }}` with no value, spec §11.50); the audit then keeps the list as it is. */
  readonly unresolved?: string;
}
