/**
 * What undici did with a request on the wire, from its diagnostics channels
 * (undici's docs/api/DiagnosticsChannel.md): when it wrote the head and which bytes, on
 * which connection, and when the whole request was written. undici creates its request
 * object synchronously inside `dispatch`, so a dispatch made through {@link dispatchObserved}
 * is matched to it there, and every later message finds the record on that object.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Dispatcher, DiagnosticsChannel } from 'undici';
import { connectionTimingOf, type ConnectionTiming } from './timed-connector.js';

/** What one request did on the wire, in `performance.now()` milliseconds, filled in as undici reports it. */
export class WireRecord {
  /** When undici began writing the head. */
  sendStart: number | undefined;
  /** When the whole request, head and body, was written. */
  sendEnd: number | undefined;
  /** The head as undici's `sendHeaders` message has it: the request line and headers, before the body's framing. */
  head: string | undefined;
  /** The connection it went out on: opened for it, reused, or unknown (opened by a connector other than `timedConnector`). */
  connection: ConnectionTiming | 'reused' | undefined;
}

// On undici's request object under a symbol of our own, not in a WeakMap: a WeakMap entry
// per request made every request several microseconds slower (V8 collects them at GC).
const RECORD = Symbol('spinscope wire record');
type Observed = { [RECORD]?: WireRecord };
let dispatching: WireRecord | undefined;
let subscribed = false;

/** `dispatch(opts, handler)`, with what undici does on the wire for it noted in `record`. */
export function dispatchObserved(record: WireRecord, dispatch: Dispatcher['dispatch'], opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
  if (!subscribed) subscribeOnce();
  dispatching = record;
  try {
    return dispatch(opts, handler);
  } finally {
    // A denied or chained request makes no undici request: nothing else may claim this record.
    dispatching = undefined;
  }
}

// The subscriptions are process-wide and kept: undici publishes to a channel only while it has subscribers.
function subscribeOnce(): void {
  subscribed = true;
  subscribe('undici:request:create', (message) => {
    if (dispatching === undefined) return;
    ((message as DiagnosticsChannel.RequestCreateMessage).request as Observed)[RECORD] = dispatching;
    dispatching = undefined;
  });
  subscribe('undici:client:sendHeaders', (message) => {
    const { request, headers, socket } = message as DiagnosticsChannel.ClientSendHeadersMessage;
    const record = (request as Observed)[RECORD];
    if (record === undefined) return;
    record.sendStart = performance.now();
    record.head = headers;
    const timing = connectionTimingOf(socket);
    if (timing === undefined) record.connection = undefined;
    else if (timing.used) record.connection = 'reused';
    else {
      timing.used = true;
      record.connection = timing;
    }
  });
  subscribe('undici:request:bodySent', (message) => {
    const record = ((message as DiagnosticsChannel.RequestBodySentMessage).request as Observed)[RECORD];
    if (record !== undefined) record.sendEnd = performance.now();
  });
}
