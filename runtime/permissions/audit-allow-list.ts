import type { EntryAudit } from '../api/contract/policy-insight.js';
import { AllowedHosts, type AllowedHostsOptions } from './allowed-hosts.js';
import { destinationOf, requestDecider } from './decide-requests.js';
import { entryBreadth } from './entry-breadth.js';
import { narrowTemplatedEntry } from './narrow-templated-entry.js';
import { isPathOnlyUrl, isSelfRequestUrl } from './request-target.js';
import { suggestAllowList } from './suggest-allow-list.js';

/** A request as the audit replays it: its URL (or address) and the scheme assumed when it has none (spec §7.35). */
export interface AuditedRequest {
  readonly url: string;
  readonly defaultScheme: string;
}

/** {@link auditAllowList}'s answer. */
export interface AllowListAudit {
  readonly entries: EntryAudit[];
  readonly narrowed: string[];
  /** How many of the requests the list allows. */
  readonly allowedCalls: number;
  /** Why the list denies everything (spec §11.50); it is then kept as it is. */
  readonly unresolved?: string;
}

/**
 * Holds `entries` against `requests` with the enforcing policy ({@link AllowedHosts}, the
 * first matching entry allows, as Spin reports it): an entry that allowed none is unused
 * and dropped; one written wider than one scheme, host and port is replaced by the entries
 * naming exactly the destinations it allowed (Spin's suggestion rules); in a `{{ var }}`
 * entry only the parts written literally are narrowed, the templates kept as written; an
 * entry already that narrow stays as it is. So the narrowed list allows every request the
 * list allows, and nothing it does not. `pinned` entries were recorded as allowing a
 * connection that cannot be checked again here, and count as needed.
 */
export function auditAllowList(entries: readonly string[], options: AllowedHostsOptions, requests: readonly AuditedRequest[], pinned: ReadonlySet<string> = new Set()): AllowListAudit {
  const policy = AllowedHosts.parse(entries, options);
  const distinct = [...new Set(entries)];
  if (policy.resolutionError !== undefined) {
    const audits = distinct.map((entry): EntryAudit => ({ entry, verdict: 'needed', allowed: 0, reasons: [], narrowTo: [entry] }));
    return { entries: audits, narrowed: [...entries], allowedCalls: 0, unresolved: policy.resolutionError.message };
  }
  const decide = requestDecider(policy);
  const allowedBy = new Map<string, AuditedRequest[]>();
  for (const request of requests) {
    const entry = decide(request.url, request.defaultScheme);
    if (entry === undefined) continue;
    const allowed = allowedBy.get(entry);
    if (allowed === undefined) allowedBy.set(entry, [request]);
    else allowed.push(request);
  }
  const audits = distinct.map((entry) => auditEntry(entry, allowedBy.get(entry) ?? [], pinned.has(entry), options));
  const narrowed = [...new Set(audits.flatMap((audit) => audit.narrowTo))];
  return { entries: audits, narrowed, allowedCalls: [...allowedBy.values()].reduce((sum, list) => sum + list.length, 0) };
}

function auditEntry(entry: string, allowed: readonly AuditedRequest[], pinned: boolean, options: AllowedHostsOptions): EntryAudit {
  const counted = { entry, allowed: allowed.length };
  if (allowed.length === 0 && !pinned) return { ...counted, verdict: 'unused', reasons: [], narrowTo: [] };
  // The entry alone, resolved but not expanded, is what the developer wrote and reads.
  const [parsed] = AllowedHosts.parse([entry], options.variables === undefined ? {} : { variables: options.variables }).entries;
  const reasons = parsed === undefined ? [] : entryBreadth(parsed);
  if (reasons.length === 0) return { ...counted, verdict: 'needed', reasons, narrowTo: [entry] };
  if (pinned) return { ...counted, verdict: 'too-broad', reasons, narrowTo: [entry] };
  if (entry.includes('{{')) {
    // A variable may hold another value where the app is deployed (spec §14.58): only the
    // parts written literally are narrowed; narrow a broad value in the variable itself.
    return { ...counted, verdict: 'too-broad', reasons, narrowTo: narrowTemplatedEntry(entry, allowed, options) ?? [entry] };
  }
  const narrowTo = narrowestFor(allowed);
  return sameList(narrowTo, [entry]) ? { ...counted, verdict: 'needed', reasons: [], narrowTo } : { ...counted, verdict: 'too-broad', reasons, narrowTo };
}

// Spin's suggestion rules per default scheme: one entry per scheme and host, ports merged
// into ranges; a self request (spec §9.40) as the path it is, so it becomes `http://self`.
function narrowestFor(requests: readonly AuditedRequest[]): string[] {
  const bySchemes = new Map<string, Map<string, string>>();
  for (const { url, defaultScheme } of requests) {
    const urls = bySchemes.get(defaultScheme) ?? new Map<string, string>();
    urls.set(destinationOf(url), isSelfRequestUrl(url) && !isPathOnlyUrl(url) ? '/' : url);
    bySchemes.set(defaultScheme, urls);
  }
  return [...bySchemes].flatMap(([scheme, urls]) => suggestAllowList(urls.values(), scheme));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index]);
}
