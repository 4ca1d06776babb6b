/** The parts events are made of: the fields every event carries, headers, bodies, timings, errors. */

/** Fields every event carries. */
export interface EventBase {
  /** Unique id of this event. */
  readonly id: string;
  /** When the event happened, in milliseconds since the Unix epoch. */
  readonly time: number;
  /** Id of the trace: shared by an inbound request and everything it caused. */
  readonly traceId: string;
  /** The event that caused this one; absent for the root of a trace. */
  readonly parentId?: string;
}

/** Header name/value pairs in the order they were sent; values are byte strings (latin1). */
export type HeaderList = readonly (readonly [name: string, value: string])[];

/**
 * A message body as recorded: the first bytes up to the capture limit (1 MiB unless
 * configured), and the true size. Recording never changes what is delivered.
 */
export interface CapturedBody {
  /** The first `min(size, limit)` bytes. (A WebSocket bridge sends these as base64.) */
  readonly captured: Uint8Array;
  /** The body's full size in bytes, however much was captured. */
  readonly size: number;
  /** True when `captured` holds fewer bytes than `size`. */
  readonly truncated: boolean;
}

/** When the phases of an exchange happened, each in epoch milliseconds. */
export interface ResponseTimings {
  /** The request was dispatched. */
  readonly start: number;
  /** The response status and headers arrived. */
  readonly headers: number;
  /** The last byte of the response body arrived. */
  readonly end: number;
}

/**
 * How long each phase of serving an inbound request took, in milliseconds (with fractions
 * of one). The phases follow one another, from the request reaching the component's engine
 * until the guest returned, its response written.
 */
export interface InboundPhases {
  /** Waiting for a worker: for one to come free, or for a new one to start (loading the component). */
  readonly queueing: number;
  /**
   * Waiting for the component to be instantiated for this request; 0 when the worker's
   * spare instance was ready (Spinscope instantiates the next one after each request).
   */
  readonly instanceStart: number;
  /** The guest's handler, from its start until it set the response head. */
  readonly guestHeaders: number;
  /** The guest's handler, from the response head until it returned, its body written. */
  readonly guestBody: number;
}

/**
 * How long each phase of an outbound request took, in milliseconds (with fractions of
 * one), in the order they ran; a phase that did not happen is absent. They add up to the
 * time from the guest's call until the response ended or the request failed, a failed one
 * ending with the phase it failed in.
 */
export interface OutboundPhases {
  /** Checking `allowed_outbound_hosts` (for a denial, explaining it too). */
  readonly policy: number;
  /** Waiting for a connection: opening one began, or one came free. */
  readonly blocked?: number;
  /** Resolving the host name; absent for an IP address and on a reused connection. */
  readonly dns?: number;
  /** Opening the TCP connection; absent on a reused connection. */
  readonly connect?: number;
  /** The TLS handshake of an `https` request; absent on a reused connection. */
  readonly tls?: number;
  /** Writing the request: its head, then its body (a streamed body as the guest wrote it). */
  readonly send?: number;
  /**
   * From the request written until the response head arrived: the time to first byte. For a
   * chained request (no connection), from the policy check until the called component's head.
   */
  readonly wait?: number;
  /** The response body, from the head until its last byte. */
  readonly receive?: number;
  /** Set when the request went over a kept-alive connection an earlier request opened: no DNS, connect or TLS. */
  readonly reused?: true;
}

/** An error in plain-data form: `{ code, name, message, ...fields }`. */
export interface ErrorInfo {
  /** A `SPINSCOPE_*` code, or a Node/undici code such as `ECONNREFUSED`. */
  readonly code?: string;
  /** The error class name. */
  readonly name: string;
  /** The human-readable message. */
  readonly message: string;
}
