import type { Dispatcher } from 'undici';
import { isSelfRequest, serviceChainingTarget } from '../permissions/index.js';

/** Where a dispatched request is going, as the policy and routing see it. */
export interface DispatchTarget {
  /** spec §9.40: no authority, or the host is exactly `self.alt`. */
  readonly relative: boolean;
  /** `origin + path`, or the path alone when there is no origin. */
  readonly url: string;
  /** The authority exactly as written (case preserved, userinfo dropped), if any. */
  readonly authority: string | undefined;
}

/** Reads the target of `opts` without normalising the host, since chaining is case-sensitive (spec §10.44). */
export function dispatchTarget(opts: Dispatcher.DispatchOptions): DispatchTarget {
  const origin = originText(opts.origin);
  const url = origin === undefined ? opts.path : `${origin}${opts.path}`;
  const authority = origin === undefined ? undefined : authorityOf(origin);
  return { relative: isSelfRequest(authority === undefined ? undefined : hostOf(authority)), url, authority };
}

/** spec §10.44: the component a `<id>.spin.internal` authority names, if it does. */
export function chainingTargetOf(opts: Dispatcher.DispatchOptions): string | undefined {
  const { authority } = dispatchTarget(opts);
  return authority === undefined ? undefined : serviceChainingTarget(authority);
}

function originText(origin: string | URL | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (typeof origin !== 'string') return `${origin.protocol}//${origin.host}`;
  return origin.endsWith('/') ? origin.slice(0, -1) : origin;
}

function authorityOf(origin: string): string {
  const start = origin.indexOf('://');
  const authority = start < 0 ? origin : origin.slice(start + 3);
  return authority.slice(authority.lastIndexOf('@') + 1);
}

// `host:port` and `[v6]:port` to the host alone; an empty host (wasmtime's `https://:443`) stays empty.
function hostOf(authority: string): string {
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1);
  const colon = authority.lastIndexOf(':');
  return colon < 0 ? authority : authority.slice(0, colon);
}
