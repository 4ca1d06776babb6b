/**
 * The events Spinscope streams to an inspector: one discriminated union keyed by
 * a dotted lower-case `kind`. Types only, so the renderer, the Electron bridge and
 * the runtime can all import it.
 *
 * Every event belongs to a trace: the inbound request that caused it, or for app
 * lifecycle events a trace of their own. `parentId` links an event to the event
 * that caused it (an outbound response to its outbound request, an outbound request
 * to the inbound request being served), so a renderer can draw the waterfall.
 */

import type { Explanation } from './explanation.js';

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

/**
 * Who answers an inbound request: the component it was routed to or, for a route whose
 * trigger has a `static_response` instead of a component, that trigger's id (`spin up`
 * lists such a route under that id). Exactly one is set.
 */
export type InboundTarget = { readonly component: string; readonly staticTrigger?: never } | { readonly staticTrigger: string; readonly component?: never };

/**
 * The client went away before the whole response reached it: it closed the connection
 * or, for a chained request, the calling component stopped reading the body.
 */
export interface ClientAbort {
  /**
   * Bytes of the response body that reached it: taken by the connection (handed to the
   * OS) before it closed, or for a chained request handed to the calling component.
   */
  readonly bytesSent: number;
}

/** A request arrived at the app's HTTP trigger, or by service chaining. */
export type InboundRequestEvent = InboundTarget & InboundRequestFields;

interface InboundRequestFields extends EventBase {
  readonly kind: 'inbound.request';
  readonly method: string;
  /** Path and query as received, e.g. `/hello?name=x`. */
  readonly pathWithQuery: string;
  readonly headers: HeaderList;
  /** Absent when the body streamed in while the component ran: then its outcome event has it as `requestBody`. */
  readonly body?: CapturedBody;
  /** Set when another component sent this request through `<id>.spin.internal` (spec §10.44). */
  readonly chainedFrom?: string;
}

/** A component (or a static response) answered an inbound request. `parentId` is its `inbound.request`. */
export type InboundResponseEvent = InboundTarget & InboundResponseFields;

interface InboundResponseFields extends EventBase {
  readonly kind: 'inbound.response';
  readonly status: number;
  readonly headers: HeaderList;
  /** What the component wrote; with `clientAborted`, more than reached the client. */
  readonly body: CapturedBody;
  /** The request body, when it streamed in (so `inbound.request` has none): as much as had arrived when the component finished. */
  readonly requestBody?: CapturedBody;
  /** `end` is when the component finished writing; the event comes once the response has gone out (or the client has gone). */
  readonly timings: ResponseTimings;
  /** How long queueing, instantiation and the guest's run took; absent for a `static_response`. */
  readonly phases?: InboundPhases;
  /** Set when the client went away before the whole response reached it. */
  readonly clientAborted?: ClientAbort;
}

/**
 * A component failed to answer: it trapped, ran past its timeout, or could not run.
 * The caller got a 500 (a chained caller, an error), or, where Spin closes the connection
 * instead (a response body dropped unfinished, a static response hyper cannot send), no
 * response. `parentId` is its `inbound.request`.
 */
export type InboundErrorEvent = InboundTarget & InboundErrorFields;

interface InboundErrorFields extends EventBase {
  readonly kind: 'inbound.error';
  readonly error: ErrorInfo;
  /**
   * Set when the client got no complete response: the connection was closed, before the
   * head (a static response hyper cannot send) or after it (a trap, a timeout, a body
   * dropped unfinished), as Spin closes it.
   */
  readonly dropped?: true;
  /** What the guest wrote to stderr before it failed. */
  readonly stderr: string;
  /** The request body, when it streamed in (so `inbound.request` has none): as much as had arrived when the component failed. */
  readonly requestBody?: CapturedBody;
  /** Set when the client had gone away first, before the whole response reached it. */
  readonly clientAborted?: ClientAbort;
}

/** A component sent an outbound HTTP request (recorded before the policy check). */
export interface OutboundRequestEvent extends EventBase {
  readonly kind: 'outbound.request';
  /** The calling component. */
  readonly component: string;
  readonly method: string;
  /** The URL as the guest asked for it, or its path alone for a relative request. */
  readonly url: string;
  /** Headers as the guest sent them (the `Host` header is stripped afterwards, spec §13.56); the outcome's `sentHeaders` has them as they went out. */
  readonly headers: HeaderList;
  /** Absent when the body streamed out as the guest wrote it: then the outcome event has it as `requestBody`. */
  readonly body?: CapturedBody;
}

/** An outbound request completed. `parentId` is its `outbound.request`. */
export interface OutboundResponseEvent extends EventBase {
  readonly kind: 'outbound.response';
  readonly component: string;
  readonly url: string;
  /** The `allowed_outbound_hosts` entry that let the request out, as written in spin.toml (`{{ var }}` unexpanded). */
  readonly allowedBy?: string;
  readonly status: number;
  readonly headers: HeaderList;
  readonly body: CapturedBody;
  /** The request body, when it streamed out (so `outbound.request` has none): as much of it as was sent by now. */
  readonly requestBody?: CapturedBody;
  /**
   * The request headers as they went out, after Spin's rewriting (spec §13.56: the guest's
   * `Host` removed, the URL's authority written instead) with what the HTTP client adds
   * (`connection`, the body's framing); for a chained request, those the called component
   * was handed (spec §13.57). Absent when the dispatch was not seen on the wire.
   */
  readonly sentHeaders?: HeaderList;
  readonly timings: ResponseTimings;
  /** How long each phase took, from the policy check to the body's last byte. */
  readonly phases?: OutboundPhases;
}

/** An allowed outbound request failed (connection refused, DNS, reset...). `parentId` is its `outbound.request`. */
export interface OutboundErrorEvent extends EventBase {
  readonly kind: 'outbound.error';
  readonly component: string;
  readonly url: string;
  /**
   * The `allowed_outbound_hosts` entry that let the request out, as written in spin.toml
   * (`{{ var }}` unexpanded); set however early the request failed, even before connecting.
   */
  readonly allowedBy?: string;
  readonly error: ErrorInfo;
  /** The `wasi:http` `error-code` case the guest received, e.g. `connection-refused`. */
  readonly guestError: string;
  /** The request body, when it streamed out (so `outbound.request` has none): as much of it as was sent. */
  readonly requestBody?: CapturedBody;
  /** The request headers as they went out (see `OutboundResponseEvent`); absent when it failed before they were written. */
  readonly sentHeaders?: HeaderList;
  /** How long each phase took, the last one the phase it failed in (a DNS error ends with `dns`). */
  readonly phases?: OutboundPhases;
}

/** `allowed_outbound_hosts` denied an outbound request. `parentId` is its `outbound.request`. */
export interface OutboundDeniedEvent extends EventBase {
  readonly kind: 'outbound.denied';
  readonly component: string;
  readonly url: string;
  /** The verdict with near misses and Spin's suggested entry. */
  readonly explanation: Explanation;
  /** The three lines `spin up` prints (spec §12.54); absent where Spin prints none (spec §7.34, §11.50). */
  readonly spinLines?: readonly [string, string, string];
  /**
   * For a connection a non-HTTP interface tried to open (redis, postgres, mysql, mqtt), the
   * interface as imported, e.g. `fermyon:spin/redis@2.0.0`; `url` is then the address Spin
   * checks (as the guest gave it; for postgres, the denied host of the connection string as
   * `host[:port]`) and `parentId` the `inbound.request` being served. Absent for HTTP.
   */
  readonly interface?: string;
  /** For HTTP, how long the policy check took (`policy` is its only phase). */
  readonly phases?: OutboundPhases;
}

/** A component called another through `<id>.spin.internal`, in process (spec §10.44). `parentId` is the `outbound.request`. */
export interface ChainHopEvent extends EventBase {
  readonly kind: 'chain.hop';
  /** The calling component (same as `from`). */
  readonly component: string;
  readonly from: string;
  readonly to: string;
  readonly url: string;
}

/** A line a guest wrote to stdout or stderr. */
export interface GuestLogEvent extends EventBase {
  readonly kind: 'guest.log';
  readonly component: string;
  readonly stream: 'stdout' | 'stderr';
  /** The line without its terminator. */
  readonly line: string;
}

/**
 * How a Spin host call failed, as the guest saw it: the case of the interface's own
 * `error` variant (`access-denied`, `no-such-store`, `io`, ...) and its message when
 * the case carries one.
 */
export interface HostCallError {
  /** The WIT error case the guest received, e.g. `no-such-store` or `other`. */
  readonly tag: string;
  readonly message?: string;
}

/** What every key-value and SQLite event says about the call. `parentId` is the `inbound.request` being served. */
interface HostCallBase extends EventBase {
  /** The calling component. */
  readonly component: string;
  /** The interface as the guest imported it, e.g. `fermyon:spin/key-value@2.0.0` or `wasi:keyvalue/store@0.2.0-draft2`. */
  readonly interface: string;
  /** How long the host took, in ms. */
  readonly durationMs: number;
  /** Set when the call failed: what the guest received. */
  readonly error?: HostCallError;
}

/** What a key-value call did. */
export type KeyValueOperation =
  | 'open'
  | 'get'
  | 'set'
  | 'delete'
  | 'exists'
  | 'get-keys'
  | 'increment'
  | 'cas-current'
  | 'cas-swap'
  | 'get-many'
  | 'set-many'
  | 'delete-many';

/** A component called a key-value store (Spin's key-value or wasi:keyvalue). */
export interface KeyValueEvent extends HostCallBase {
  readonly kind: 'kv.operation';
  /** The store's label (`default`, or one from the runtime config). */
  readonly store: string;
  readonly operation: KeyValueOperation;
  /** The key or keys the call named, in order; absent for `open` and `get-keys`. */
  readonly keys?: readonly string[];
  /**
   * The value written (`set`, `cas-swap`, `set-many`: the first) or read (`get`,
   * `cas-current`, `get-many`: the first found), captured like a body.
   */
  readonly value?: CapturedBody;
  /**
   * What the call answered, in a few words: `found` / `not found` for reads, `true` /
   * `false` for `exists`, the new value for `increment`, the key count for `get-keys`,
   * `swapped` / `changed by another writer` for `cas-swap`.
   */
  readonly result?: string;
}

/** A scalar of Spin's SQLite `value` variant as recorded: blobs captured like bodies. */
export type SqliteValue =
  | { readonly type: 'integer'; readonly value: string }
  | { readonly type: 'real'; readonly value: number }
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'blob'; readonly value: CapturedBody }
  | { readonly type: 'null' };

/** What a SQLite call did. */
export type SqliteOperation = 'open' | 'execute' | 'last-insert-rowid' | 'changes';

/** A component called a SQLite database (`fermyon:spin/sqlite` or `spin:sqlite`). */
export interface SqliteEvent extends HostCallBase {
  readonly kind: 'sqlite.operation';
  /** The database's label (`default`, or one from the runtime config). */
  readonly database: string;
  readonly operation: SqliteOperation;
  /** The statement as the guest sent it (`execute`). */
  readonly statement?: string;
  readonly parameters?: readonly SqliteValue[];
  /** The result's column names (`execute`). */
  readonly columns?: readonly string[];
  /** The first rows of the result, up to the capture limit (`execute`). */
  readonly rows?: readonly (readonly SqliteValue[])[];
  /** How many rows the result had, however many were recorded. */
  readonly rowCount?: number;
  /** What `last-insert-rowid` or `changes` answered. */
  readonly result?: string;
}

/** What a store or database denial is about: the manifest field that grants access. */
export type StoreKind = 'key_value_stores' | 'sqlite_databases';

/**
 * A component opened a key-value store or SQLite database it may not use: its label is
 * not in the component's `key_value_stores` / `sqlite_databases` (`access-denied`), or
 * no store of that label exists (`no-such-store` / `no-such-database`).
 * `parentId` is the `inbound.request` being served.
 */
export interface StoreDeniedEvent extends HostCallBase {
  readonly kind: 'kv.denied' | 'sqlite.denied';
  readonly field: StoreKind;
  /** The label the guest asked for. */
  readonly label: string;
  /** The component's list as enforced when it asked. */
  readonly granted: readonly string[];
  /** Every label the app defines (`default` plus the runtime config's). */
  readonly defined: readonly string[];
  /** Why, for the developer, naming the component, the label and the fix. */
  readonly message: string;
  /** The label to add to the component's list to allow this; absent when no store has that label. */
  readonly suggestion?: string;
}

/**
 * A component called a Spin interface Spinscope links but does not implement (redis,
 * postgres, mysql, mqtt, llm): it got the interface's error with a message saying so.
 * For a network interface the address passed `allowed_outbound_hosts` first (a denied
 * one is an `outbound.denied`). `parentId` is the `inbound.request` being served.
 */
export interface HostUnsupportedEvent extends EventBase {
  readonly kind: 'host.unsupported';
  readonly component: string;
  readonly interface: string;
  /** The function as the WIT names it, e.g. `[static]connection.open` or `execute`. */
  readonly function: string;
  /** The address the guest gave (`redis://...`), for network interfaces. */
  readonly address?: string;
  /** The `allowed_outbound_hosts` entry that let the address through. */
  readonly allowedBy?: string;
  /** What the guest received. */
  readonly error: HostCallError;
}

/** The app loaded (or reloaded) and is serving. A trace of its own. */
export interface AppLoadedEvent extends EventBase {
  readonly kind: 'app.loaded';
  /** The application name from the manifest. */
  readonly app: string;
  /** Component ids in manifest order. */
  readonly components: readonly string[];
  /** Where the HTTP trigger listens, e.g. `http://127.0.0.1:3000`, if it does. */
  readonly origin?: string;
}

/** Loading or reloading the app failed; any previous app keeps serving. A trace of its own. */
export interface AppFailedEvent extends EventBase {
  readonly kind: 'app.failed';
  readonly error: ErrorInfo;
  /** The spin.toml of another project that opening failed to load; absent when the app itself failed to (re)load. */
  readonly failedOpen?: string;
}

/**
 * Something the developer should know that concerns no single request: so far, that the
 * `--events-out` file could not be written, and once it can again, how many events it
 * missed. A trace of its own.
 */
export interface AppWarningEvent extends EventBase {
  readonly kind: 'app.warning';
  /** What happened and what to do, naming the file. */
  readonly message: string;
  /** The error behind it, if any. */
  readonly error?: ErrorInfo;
}

/** What a reload changed, by component id. */
export interface ReloadChanges {
  /** Components whose engine (re)started: added, or with a new wasm file or new variables. */
  readonly restarted: readonly string[];
  /** Components that are gone. */
  readonly removed: readonly string[];
  /** Components whose effective allowed_outbound_hosts changed. */
  readonly policies: readonly string[];
  /** True when the route table changed. */
  readonly routes: boolean;
}

/**
 * A session change to a component's allowed_outbound_hosts, key_value_stores or
 * sqlite_databases (made live, not saved) that a reload from spin.toml could not keep;
 * spin.toml's list is enforced for it again.
 */
export interface DroppedSessionChange {
  readonly component: string;
  /** The list the change was to. */
  readonly field: 'allowed_outbound_hosts' | StoreKind;
  /**
   * `manifest-changed`: spin.toml changed this component's list (the
   * file wins); `component-removed`: spin.toml no longer has the component; `invalid`:
   * an entry is no longer valid for the reloaded app (e.g. a variable it uses is gone).
   */
  readonly reason: 'manifest-changed' | 'component-removed' | 'invalid';
  /** The session's entries that are no longer enforced, as written. */
  readonly entries: readonly string[];
  /** What happened and why, naming the component, for the developer. */
  readonly message: string;
}

/**
 * The serving app was replaced without dropping a request: requests in flight finished
 * on the old version, new ones reach this one. A trace of its own.
 */
export interface AppReloadedEvent extends EventBase {
  readonly kind: 'app.reloaded';
  /** The application name from the manifest. */
  readonly app: string;
  /** Component ids in manifest order. */
  readonly components: readonly string[];
  /**
   * What set it off: `restart` (asked for), `watch` (a watched file changed, see
   * `files`), or `session` (a live allowed_outbound_hosts edit, not written to disk).
   */
  readonly trigger: 'restart' | 'watch' | 'session';
  /**
   * The changed files, absolute paths: those that set off a `watch` reload, or for a
   * `restart` the spin.toml that saving allowed_outbound_hosts from the inspector wrote.
   */
  readonly files?: readonly string[];
  readonly changes: ReloadChanges;
  /** From the start of the reload until new requests reached the new version, in ms. */
  readonly durationMs: number;
  /**
   * Session changes to allowed_outbound_hosts this reload from spin.toml dropped; absent
   * when it kept them all (session changes survive reloads that leave their component's
   * allowed_outbound_hosts in spin.toml as they were).
   */
  readonly droppedSessionChanges?: readonly DroppedSessionChange[];
}

/**
 * A component's `build.command` started because a watched source file changed. A
 * trace of its own; its `build.output` and `build.finished` events are its children.
 */
export interface BuildStartedEvent extends EventBase {
  readonly kind: 'build.started';
  readonly component: string;
  /** The command as written, run by the shell (`sh -c`) in `workdir`. */
  readonly command: string;
  /** Absolute directory it runs in. */
  readonly workdir: string;
  /** The changed files that set it off, absolute paths. */
  readonly files: readonly string[];
}

/** A line a build command printed. `parentId` is its `build.started`. */
export interface BuildOutputEvent extends EventBase {
  readonly kind: 'build.output';
  readonly component: string;
  readonly stream: 'stdout' | 'stderr';
  /** The line without its terminator. */
  readonly line: string;
}

/**
 * A build command ended. On success the app reloads; on failure the last good version
 * keeps serving. `parentId` is its `build.started`.
 */
export interface BuildFinishedEvent extends EventBase {
  readonly kind: 'build.finished';
  readonly component: string;
  readonly command: string;
  /** The exit code; absent when the command could not start or was ended by a signal. */
  readonly exitCode?: number;
  readonly ok: boolean;
  readonly durationMs: number;
  /** Why it failed, when `ok` is false. */
  readonly error?: ErrorInfo;
}

/** Every event Spinscope publishes. */
export type SpinscopeEvent =
  | InboundRequestEvent
  | InboundResponseEvent
  | InboundErrorEvent
  | OutboundRequestEvent
  | OutboundResponseEvent
  | OutboundErrorEvent
  | OutboundDeniedEvent
  | ChainHopEvent
  | GuestLogEvent
  | KeyValueEvent
  | SqliteEvent
  | StoreDeniedEvent
  | HostUnsupportedEvent
  | AppLoadedEvent
  | AppFailedEvent
  | AppWarningEvent
  | AppReloadedEvent
  | BuildStartedEvent
  | BuildOutputEvent
  | BuildFinishedEvent;

/** The `kind` of some event. */
export type EventKind = SpinscopeEvent['kind'];

/** Which events a subscriber or query wants; every given field must match. */
export interface EventFilter {
  /** Only these kinds. */
  readonly kinds?: readonly EventKind[];
  /** Only events of this component (events without one never match). */
  readonly component?: string;
  /** Only this trace. */
  readonly traceId?: string;
}
