import type { AllowedHosts } from './allowed-hosts.js';
import { isPathOnlyUrl } from './request-target.js';

/**
 * {@link AllowedHosts.allowedByRequest} for many recorded requests, each distinct
 * destination decided once: a session repeats a few origins thousands of times. The key is
 * the URL up to the first `/` after `scheme://`, which holds everything the decision reads
 * (scheme, userinfo, host and port, spec §7.31, §8.36); a URL without `://` is its own key.
 */
export function requestDecider(policy: AllowedHosts): (url: string, defaultScheme: string) => string | undefined {
  const decided = new Map<string, string | undefined>();
  return (url, defaultScheme) => {
    const key = `${defaultScheme} ${destinationOf(url)}`;
    if (decided.has(key)) return decided.get(key);
    const allowedBy = policy.allowedByRequest(url, defaultScheme);
    decided.set(key, allowedBy);
    return allowedBy;
  };
}

/** The part of a recorded URL its decision depends on: two URLs with the same part are decided alike. */
export function destinationOf(url: string): string {
  if (isPathOnlyUrl(url)) return '/';
  const authority = url.indexOf('://');
  if (authority < 0) return url;
  const slash = url.indexOf('/', authority + 3);
  return slash < 0 ? url : url.slice(0, slash);
}
