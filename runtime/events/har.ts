/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from recorded events, so a
 * session can be opened in Chrome DevTools or any HAR viewer. Pure: it imports only
 * the event types, and runs in the renderer as well as in Node.
 *
 * Each inbound and outbound exchange is one entry. A denied or failed call is an entry
 * with status 0 and `_error`, the way browsers export blocked requests; what HAR has no
 * field for (kind, component, trace, the entry to add) goes in `_spinscope`. Its
 * `timings` come from the phases the runtime recorded (`har-timings.ts`).
 */
import type { CapturedBody, HeaderList, InboundErrorEvent, InboundRequestEvent, OutboundDeniedEvent, OutboundErrorEvent, SpinscopeEvent } from '../api/events.js';
import { harTime, harTimings, type HarTimings, type RecordedTiming } from './har-timings.js';

/** A HAR name/value pair. */
export interface HarNameValue {
  readonly name: string;
  readonly value: string;
}

/** One exchange in a HAR log. */
export interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly headers: readonly HarNameValue[];
    readonly queryString: readonly HarNameValue[];
    readonly cookies: readonly HarNameValue[];
    readonly headersSize: number;
    readonly bodySize: number;
    readonly postData?: { readonly mimeType: string; readonly text: string; readonly encoding?: 'base64' };
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly headers: readonly HarNameValue[];
    readonly cookies: readonly HarNameValue[];
    readonly content: { readonly size: number; readonly mimeType: string; readonly text?: string; readonly encoding?: 'base64'; readonly comment?: string };
    readonly redirectURL: string;
    readonly headersSize: number;
    readonly bodySize: number;
    readonly _error?: string;
  };
  readonly cache: Record<string, never>;
  readonly timings: HarTimings;
  readonly _spinscope: {
    readonly kind: 'inbound' | 'outbound' | 'denied' | 'chain';
    /** The component that answered or called; absent when a `static_response` trigger answered. */
    readonly component?: string;
    /** The id of the `static_response` trigger that answered, instead of a component. */
    readonly staticTrigger?: string;
    readonly traceId: string;
    readonly parentId?: string;
    /** For a denial: the `allowed_outbound_hosts` entry that would allow the call. */
    readonly suggestion?: string;
    readonly denial?: string;
  };
}

/** A HAR 1.2 document. */
export interface Har {
  readonly log: {
    readonly version: '1.2';
    readonly creator: { readonly name: string; readonly version: string };
    readonly entries: readonly HarEntry[];
  };
}

/** Options for {@link toHar}. */
export interface HarOptions {
  /** The Spinscope version, for `log.creator`. */
  readonly creatorVersion: string;
  /** The app's listener origin, to make inbound paths absolute URLs; the `Host` header is used when absent. */
  readonly origin?: string;
}

/** The exchanges among `events` as a HAR 1.2 log, in request order. Events of other kinds are ignored. */
export function toHar(events: readonly SpinscopeEvent[], options: HarOptions): Har {
  const outcomes = new Map<string, SpinscopeEvent[]>();
  for (const event of events) {
    if (event.parentId === undefined || event.kind === 'inbound.request' || event.kind === 'outbound.request') continue;
    // A redis/postgres/mysql/mqtt denial hangs off the inbound request, but is no HTTP exchange.
    if (event.kind === 'outbound.denied' && event.interface !== undefined) continue;
    const list = outcomes.get(event.parentId) ?? [];
    list.push(event);
    outcomes.set(event.parentId, list);
  }
  const entries = events.flatMap((event) => (event.kind === 'inbound.request' || event.kind === 'outbound.request' ? [toEntry(event, outcomes.get(event.id) ?? [], options)] : []));
  return { log: { version: '1.2', creator: { name: 'Spinscope', version: options.creatorVersion }, entries } };
}

type RequestEvent = Extract<SpinscopeEvent, { kind: 'inbound.request' | 'outbound.request' }>;
type Failure = InboundErrorEvent | OutboundErrorEvent | OutboundDeniedEvent;

function toEntry(request: RequestEvent, outcomes: readonly SpinscopeEvent[], options: HarOptions): HarEntry {
  const url = request.kind === 'inbound.request' ? inboundUrl(request, options.origin) : request.url;
  const response = outcomes.find((event) => event.kind === 'inbound.response' || event.kind === 'outbound.response');
  const failure = outcomes.find((event): event is Failure => event.kind === 'inbound.error' || event.kind === 'outbound.error' || event.kind === 'outbound.denied');
  const hop = outcomes.find((event) => event.kind === 'chain.hop');
  const denial = failure?.kind === 'outbound.denied' ? failure : undefined;
  const kind = request.kind === 'inbound.request' ? 'inbound' : denial ? 'denied' : hop ? 'chain' : 'outbound';
  // A body that streamed is recorded with the outcome.
  const body = request.body ?? (response && 'requestBody' in response ? response.requestBody : undefined) ?? (failure && 'requestBody' in failure ? failure.requestBody : undefined);
  const timings = harTimings(recordedTiming(request, response ?? failure));
  return {
    startedDateTime: new Date(request.time).toISOString(),
    time: harTime(timings),
    request: {
      method: request.method,
      url,
      httpVersion: 'HTTP/1.1',
      headers: harHeaders(request.headers),
      queryString: queryOf(url),
      cookies: [],
      headersSize: -1,
      bodySize: body?.size ?? -1,
      ...(body && body.size > 0 ? { postData: postData(body, request.headers) } : {}),
    },
    response: response && 'status' in response ? answered(response.status, response.headers, response.body) : failed(failure),
    cache: {},
    timings,
    _spinscope: {
      kind,
      ...(request.component === undefined ? {} : { component: request.component }),
      ...(request.kind === 'inbound.request' && request.staticTrigger !== undefined ? { staticTrigger: request.staticTrigger } : {}),
      traceId: request.traceId,
      ...(request.parentId === undefined ? {} : { parentId: request.parentId }),
      ...(denial?.explanation.suggestion === undefined ? {} : { suggestion: denial.explanation.suggestion }),
      ...(denial?.explanation.denial === undefined ? {} : { denial: denial.explanation.denial.message }),
    },
  };
}

/** What the exchange's outcome recorded of its timing: its phases, else its `timings`, else when it ended. */
function recordedTiming(request: RequestEvent, outcome: SpinscopeEvent | undefined): RecordedTiming {
  if (outcome?.kind === 'inbound.response' && outcome.phases !== undefined) return { inbound: outcome.phases };
  const outbound = outcome?.kind === 'outbound.response' || outcome?.kind === 'outbound.error' || outcome?.kind === 'outbound.denied' ? outcome : undefined;
  if (outbound?.phases !== undefined) return { outbound: outbound.phases };
  if (outcome !== undefined && 'timings' in outcome) return { timings: outcome.timings };
  return { start: request.time, end: outcome?.time ?? request.time };
}

function answered(status: number, headers: HeaderList, body: CapturedBody): HarEntry['response'] {
  const mimeType = contentType(headers);
  return {
    status,
    statusText: '',
    httpVersion: 'HTTP/1.1',
    headers: harHeaders(headers),
    cookies: [],
    content: { size: body.size, mimeType, ...bodyText(body, mimeType), ...(body.truncated ? { comment: `truncated at ${body.captured.length} of ${body.size} bytes` } : {}) },
    redirectURL: headers.find(([name]) => name.toLowerCase() === 'location')?.[1] ?? '',
    headersSize: -1,
    bodySize: body.size,
  };
}

function failed(failure: Failure | undefined): HarEntry['response'] {
  // A component that trapped or timed out still answered its caller: 500, empty body.
  if (failure?.kind === 'inbound.error' && failure.dropped !== true) {
    return { ...answered(500, [], { captured: new Uint8Array(), size: 0, truncated: false }), _error: `${failure.error.name}: ${failure.error.message}` };
  }
  const error =
    failure?.kind === 'outbound.denied'
      ? (failure.explanation.denial?.message ?? `denied by allowed_outbound_hosts`)
      : failure && 'error' in failure
        ? `${failure.error.name}: ${failure.error.message}`
        : 'no response recorded';
  return { status: 0, statusText: '', httpVersion: '', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1, _error: error };
}

function postData(body: CapturedBody, headers: HeaderList): NonNullable<HarEntry['request']['postData']> {
  const mimeType = contentType(headers);
  return { mimeType, ...bodyText(body, mimeType) };
}

/** Text bodies as text; anything else, or text that is not valid UTF-8, as base64. */
function bodyText(body: CapturedBody, mimeType: string): { text: string; encoding?: 'base64' } {
  if (isTextual(mimeType)) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(body.captured) };
    } catch {
      // Not UTF-8 after all: fall through to base64.
    }
  }
  let binary = '';
  for (let i = 0; i < body.captured.length; i += 0x8000) binary += String.fromCharCode(...body.captured.subarray(i, i + 0x8000));
  return { text: btoa(binary), encoding: 'base64' };
}

function isTextual(mimeType: string): boolean {
  return mimeType === '' || /^text\/|[/+](json|xml|javascript|x-www-form-urlencoded)\b/i.test(mimeType);
}

function contentType(headers: HeaderList): string {
  return headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
}

function harHeaders(headers: HeaderList): HarNameValue[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

// A chained request never reached the listener: it went to `http://<id>.spin.internal` in
// memory, and the app's origin would route that path elsewhere (spec §10.44).
function inboundUrl(request: InboundRequestEvent, origin: string | undefined): string {
  if (request.chainedFrom !== undefined) return new URL(request.pathWithQuery, `http://${request.component}.spin.internal`).href;
  const host = request.headers.find(([name]) => name.toLowerCase() === 'host')?.[1];
  const base = origin ?? (host === undefined ? 'http://localhost' : `http://${host}`);
  return new URL(request.pathWithQuery, base).href;
}
