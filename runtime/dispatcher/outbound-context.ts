import type { Dispatcher } from 'undici';
import { newEventId, newTraceId } from '../events/index.js';
import type { RequestHead } from '../http/index.js';
import { isSelfRequest } from '../permissions/index.js';

/** Who is sending an outbound request, where it sits in a trace, and where it goes. Carried on the dispatch options. */
export interface OutboundContext {
  /** The calling component's id; its `allowed_outbound_hosts` decide. */
  readonly component: string;
  /** The trace of the inbound request being served. */
  readonly traceId: string;
  /** The event this request belongs under (the inbound request being served). */
  readonly parentId?: string | undefined;
  /** The id the `outbound.request` event takes, so later hops can name it as their parent. */
  readonly requestId: string;
  /**
   * The target, parsed once from the parts the guest set; `routeSelf` replaces it when it
   * sends the request to the app's own origin. Absent on a dispatch made without
   * `performOutboundWith`: then it is read from undici's `origin` and `path`.
   */
  readonly target?: OutboundTarget | undefined;
}

/**
 * Dispatch options for the outbound dispatcher: undici's, plus the context. `origin` may
 * be absent for a relative request (spec §9.40); `routeSelf` fills it in.
 */
export interface OutboundDispatchOptions extends Dispatcher.DispatchOptions {
  readonly spinscope: OutboundContext;
  /** Milliseconds to establish the connection (TCP and TLS), for `ConnectTimeoutAgents`; Spin's 600 s when unset. */
  readonly connectTimeout?: number;
}

/**
 * Where an outbound request goes, as the policy check, the routing and the sender all
 * read it. Host names keep their case: chaining is case-sensitive (spec §10.44).
 */
export interface OutboundTarget {
  /** spec §9.40: no authority host, or exactly `self.alt`: the app's own origin serves it. */
  readonly relative: boolean;
  /** `scheme://authority` as the guest wrote it, userinfo included: what undici connects to. Absent without an authority host. */
  readonly origin: string | undefined;
  /** The authority without its userinfo; absent with the origin. */
  readonly authority: string | undefined;
  /** Path and query as sent: starting with `/`, without the fragment (hyper's request target never has one). */
  readonly path: string;
  /** `origin` and `path`, or the path alone: what the policy checks and events record. */
  readonly url: string;
}

/**
 * The context on `opts`. A request without one comes from no known component, so
 * `enforcePolicy` denies it: nothing reaches the network unattributed.
 */
export function contextOf(opts: Dispatcher.DispatchOptions): OutboundContext {
  if ('spinscope' in opts) return (opts as OutboundDispatchOptions).spinscope;
  return { component: '', traceId: newTraceId(), requestId: newEventId() };
}

/** The target of `opts`: the parsed one its context carries, else read from undici's `origin` and `path`. */
export function targetOf(opts: Dispatcher.DispatchOptions): OutboundTarget {
  return contextOf(opts).target ?? originTarget(opts.origin, opts.path);
}

/**
 * Parses the target of a guest's request from its parts (`wasi:http` keeps scheme,
 * authority and path-with-query apart); `undefined` when it cannot be sent. A relative
 * request must name a path. wasmtime fills in a relative URL as `https://:443/path`, so an
 * authority without a host is relative too (spec §9.40).
 */
export function outboundTarget(request: RequestHead): OutboundTarget | undefined {
  const hash = request.pathWithQuery.indexOf('#');
  const pathWithQuery = hash < 0 ? request.pathWithQuery : request.pathWithQuery.slice(0, hash);
  if (request.authority === undefined) return pathWithQuery.startsWith('/') ? relativeTarget(pathWithQuery) : undefined;
  const path = pathWithQuery.startsWith('/') ? pathWithQuery : `/${pathWithQuery}`;
  const authority = withoutUserinfo(request.authority);
  if (authority === '' || authority.startsWith(':')) return relativeTarget(path);
  return absoluteTarget(`${request.scheme ?? 'https'}://${request.authority}`, authority, path);
}

/** The target of `origin` (e.g. the app's own, for a self request) with `path`; no origin is a relative target. */
export function originTarget(origin: string | URL | undefined, path: string): OutboundTarget {
  if (origin === undefined) return relativeTarget(path);
  const text = typeof origin === 'string' ? origin.replace(/\/$/, '') : `${origin.protocol}//${origin.host}`;
  const start = text.indexOf('://');
  return absoluteTarget(text, withoutUserinfo(start < 0 ? text : text.slice(start + 3)), path);
}

function relativeTarget(path: string): OutboundTarget {
  return { relative: true, origin: undefined, authority: undefined, path, url: path };
}

function absoluteTarget(origin: string, authority: string, path: string): OutboundTarget {
  return { relative: isSelfRequest(hostOf(authority)), origin, authority, path, url: `${origin}${path}` };
}

function withoutUserinfo(authority: string): string {
  return authority.slice(authority.lastIndexOf('@') + 1);
}

// `host:port` and `[v6]:port` to the host alone.
function hostOf(authority: string): string {
  if (authority.startsWith('[')) return authority.slice(0, authority.indexOf(']') + 1);
  const colon = authority.lastIndexOf(':');
  return colon < 0 ? authority : authority.slice(0, colon);
}
