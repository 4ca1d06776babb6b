/**
 * Learn mode: what each component called during a session, held against its current
 * allowed_outbound_hosts. An entry that let a request out is kept and one that let none
 * out is dropped; entries for the requests the list does not allow (spec §12.54's
 * suggestion rules) are only offered, so the proposal as it stands never widens the list.
 */
import type { AllowedHostInfo, LearnedHosts, OfferedHost } from '../api/contract.js';
import type { SpinscopeEvent } from '../api/events.js';
import { AllowedHostError, AllowedHosts, isPathOnlyUrl, isSelfRequestUrl, OutboundUrlError, parseOutboundUrl, suggestAllowList, tryParseAllowedHost } from '../permissions/index.js';

/** The events learn mode reads; ask the event store for these kinds. */
export const LEARN_EVENT_KINDS = ['outbound.request', 'outbound.denied', 'outbound.response', 'outbound.error', 'host.unsupported'] as const;

/** One component's outbound requests in the session. */
interface Calls {
  /** One URL per destination (scheme, host and port, or "relative"), and whether a request there was denied when made. */
  readonly destinations: Map<string, { readonly url: string; denied: boolean }>;
  /** The entries (as written) recorded as having let a request or connection out. */
  readonly allowedBy: Set<string>;
}

/**
 * One proposal per component that made outbound HTTP requests, in the order of
 * `components` (each with its current entries, as written and resolved).
 */
export function learnAllowedHosts(events: readonly SpinscopeEvent[], components: ReadonlyMap<string, readonly AllowedHostInfo[]>): LearnedHosts[] {
  const calls = callsOf(events, components);
  const componentIds = [...components.keys()];
  return [...components].flatMap(([component, hosts]) => {
    const made = calls.get(component);
    if (made === undefined || made.destinations.size === 0) return [];
    const destinations = [...made.destinations.values()];
    const policies = hosts.map((host) => policyOf(host.resolved, componentIds));
    const used = hosts.filter((host, index) => {
      const policy = policies[index];
      return made.allowedBy.has(host.raw) || (policy !== undefined && destinations.some(({ url }) => allows(policy, url)));
    });
    const forScheme = hosts.filter((host, index) => {
      const policy = policies[index];
      return !used.includes(host) && isTemplate(host.raw) && policy !== undefined && destinations.some(({ url }) => allowsButForScheme(policy, host.resolved, url));
    });
    const kept = hosts.filter((host) => used.includes(host) || forScheme.includes(host));
    const unallowed = destinations.filter(({ url }) => !policies.some((policy) => policy !== undefined && allows(policy, url)));
    const offered = suggestAllowList(unallowed.map(({ url }) => url)).map((entry): OfferedHost => {
      const policy = AllowedHosts.parse([entry], { componentIds });
      return { entry, reason: unallowed.some(({ url, denied }) => denied && allows(policy, url)) ? 'denied' : 'unlisted' };
    });
    return [{ component, current: hosts.map((host) => host.raw), kept: kept.map((host) => host.raw), keptForScheme: forScheme.map((host) => host.raw), offered }];
  });
}

function callsOf(events: readonly SpinscopeEvent[], components: ReadonlyMap<string, unknown>): Map<string, Calls> {
  const deniedRequests = new Set(events.flatMap((event) => (event.kind === 'outbound.denied' && event.parentId !== undefined ? [event.parentId] : [])));
  const calls = new Map<string, Calls>();
  const of = (component: string): Calls | undefined => {
    if (!components.has(component)) return undefined;
    const found = calls.get(component) ?? { destinations: new Map(), allowedBy: new Set<string>() };
    calls.set(component, found);
    return found;
  };
  for (const event of events) {
    if (event.kind === 'outbound.request') {
      const url = asRelative(event.url);
      const key = destinationKey(url);
      const made = key === undefined ? undefined : of(event.component);
      if (made === undefined || key === undefined) continue;
      const destination = made.destinations.get(key) ?? { url, denied: false };
      destination.denied ||= deniedRequests.has(event.id);
      made.destinations.set(key, destination);
    } else if ((event.kind === 'outbound.response' || event.kind === 'outbound.error' || event.kind === 'host.unsupported') && event.allowedBy !== undefined) {
      of(event.component)?.allowedBy.add(event.allowedBy);
    }
  }
  return calls;
}

// spec §9.40: `http://self.alt/path` is a self request as `/path` is, allowed by
// `http://self` and suggested as it; only the path form says so to the policy.
function asRelative(url: string): string {
  if (isPathOnlyUrl(url) || !isSelfRequestUrl(url)) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url; // not a URL: destinationKey sets it aside
  }
}

// The policy looks only at scheme, host and port (spec §8.36), so one URL per destination
// will do. A URL no entry could ever allow (Spin cannot parse it) has none.
function destinationKey(url: string): string | undefined {
  if (isPathOnlyUrl(url)) return 'relative';
  try {
    const parsed = parseOutboundUrl(url, 'https');
    return parsed.specialHost === undefined ? undefined : JSON.stringify([parsed.scheme, parsed.specialHost.text, parsed.port]);
  } catch (error) {
    if (error instanceof OutboundUrlError) return undefined;
    throw error;
  }
}

// One entry as enforced now (templates resolved, `*.spin.internal` expanded, spec §6.28);
// an entry that does not resolve, or resolves to no valid entry, allows nothing (spec §11.50).
function policyOf(resolved: string | undefined, componentIds: readonly string[]): AllowedHosts | undefined {
  if (resolved === undefined) return undefined;
  try {
    return AllowedHosts.parse([resolved], { componentIds });
  } catch (error) {
    if (error instanceof AllowedHostError) return undefined;
    throw error;
  }
}

function allows(policy: AllowedHosts, url: string): boolean {
  return isPathOnlyUrl(url) ? policy.allowsRelative() : policy.allows(url);
}

// Entries are validated as Spin loads them, so `{{` in one can only open a template (spec §14.58).
function isTemplate(raw: string): boolean {
  return raw.includes('{{');
}

// Would `url`, sent with the entry's own scheme (and that scheme's default port when it had
// none), be allowed? The hello-spinscope example lists `https://{{ api_host }}` and
// `http://{{ api_host }}` and picks one with its `api_scheme` variable.
function allowsButForScheme(policy: AllowedHosts, resolved: string | undefined, url: string): boolean {
  const scheme = resolved === undefined ? undefined : tryParseAllowedHost(resolved)?.scheme;
  if (scheme?.kind !== 'exact' || isPathOnlyUrl(url)) return false;
  const parsed = parseOutboundUrl(url, 'https');
  return policy.allows(`${scheme.scheme}://${parsed.host}${parsed.port === undefined ? '' : `:${parsed.port}`}/`);
}
