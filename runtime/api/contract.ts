/**
 * `SpinscopeApi`: the one contract between the runtime and an inspector. The
 * Electron main process implements it over IPC (the preload exposes it as
 * `window.spinscope`), the WebSocket bridge of `spinscope ui` serves the same
 * methods to a plain browser, and the renderer uses it without knowing which
 * transport it has. Beside the interface, `API_METHODS` says how each method
 * travels and what its arguments must be: every transport is built from that
 * table, so a new method is declared here, implemented by `ProjectSession` and
 * called by the renderer, and nothing else changes. Plain data and pure checks
 * only, so every side can import it.
 *
 * Every value crossing the contract is structured-cloneable plain data;
 * `Uint8Array`s (captured bodies) travel as base64 over the WebSocket.
 */

import { isChange, isEventFilter, isKeysQuery, isNonEmpty, isPageRequest, isRequestDraft, isStoreKind, isStringList } from './argument-shapes.js';
import type { CapturedBody, DroppedSessionChange, EventFilter, HeaderList, InboundTarget, SpinscopeEvent, StoreKind } from './events.js';

/** Bumped when a method or a value's shape changes incompatibly. */
export const SPINSCOPE_API_VERSION = 1;

/** Where the open project is in its lifecycle. */
export type AppState = 'stopped' | 'starting' | 'running' | 'failed';

/**
 * Why loading or starting the app failed, in the `{ code, name, message, ...fields }`
 * form errors take across process boundaries. Manifest problems carry `file`, `line`
 * and `column`; component problems carry `component`.
 */
export interface AppProblem {
  readonly code: string;
  readonly name: string;
  /** The full message, location prefix included, as the CLI prints it. */
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly component?: string;
  /**
   * The spin.toml that opening a project failed to load while the app of
   * `AppStatus.manifestFile`, another project, kept serving; absent for a problem of that app.
   */
  readonly failedOpen?: string;
}

/** One route of the HTTP trigger, as `spin up` lists it: a component's, or a `static_response` trigger's. */
export type RouteInfo = InboundTarget & {
  /** The route without its wildcard suffix; `/` for the root. */
  readonly path: string;
  readonly wildcard: boolean;
  /** The full URL on the listener, e.g. `http://127.0.0.1:3000/hello`. */
  readonly url: string;
};

/**
 * Something Spin accepts but warns about (or logs as an error) and runs anyway: a manifest
 * warning, located in spin.toml, or what Spin logs about the route table (duplicate routes,
 * routes under `/.well-known/spin/`), in Spin's words.
 */
export interface AppWarning {
  /** As `spinscope up` prints it after `Warning: `; may span lines. */
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly component?: string;
}

/** The open project and the app serving from it. */
export interface AppStatus {
  readonly state: AppState;
  /** Absolute path of the project's `spin.toml`; absent before any project is opened. */
  readonly manifestFile?: string;
  /** True when the project is the bundled example. */
  readonly isExample: boolean;
  /** The application name from the manifest, once it has loaded. */
  readonly appName?: string;
  /** The listener's origin while running, e.g. `http://127.0.0.1:3000`. */
  readonly origin?: string;
  /** Public routes in the order they are tried. */
  readonly routes: readonly RouteInfo[];
  /**
   * The last load or start failure. With `state: 'running'` the previous good app
   * is still serving; with `state: 'failed'` nothing is.
   */
  readonly problem?: AppProblem;
  /**
   * Session changes to allowed_outbound_hosts that reloads from spin.toml dropped, one per
   * component, each until that component's list is changed, saved or discarded, or the
   * app is launched again. Absent when there are none.
   */
  readonly droppedSessionChanges?: readonly DroppedSessionChange[];
  /** Warnings about the app that last loaded (serving, or failing to start); absent when there are none. */
  readonly warnings?: readonly AppWarning[];
}

/** One `allowed_outbound_hosts` entry: as written (variables unexpanded) and as enforced. */
export interface AllowedHostInfo {
  /** The entry as written in spin.toml, e.g. `https://{{ api_host }}`. */
  readonly raw: string;
  /** The entry with variables expanded; absent when it could not be resolved. */
  readonly resolved?: string;
}

/** A component of the running app, as the components panel shows it. */
export interface ComponentInfo {
  readonly id: string;
  readonly description?: string;
  /** Its HTTP routes; `private` ones are reachable only through `<id>.spin.internal`. */
  readonly routes: readonly { readonly route: string; readonly private: boolean }[];
  readonly allowedOutboundHosts: readonly AllowedHostInfo[];
  /** The key-value stores it may open (`key_value_stores`), as enforced now. */
  readonly keyValueStores: readonly string[];
  /** The SQLite databases it may open (`sqlite_databases`), as enforced now. */
  readonly sqliteDatabases: readonly string[];
  /**
   * True while any of its lists (allowed_outbound_hosts, key_value_stores,
   * sqlite_databases) holds a session change that spin.toml does not have.
   */
  readonly unsaved?: boolean;
}

/** A key-value store the app defines: `default`, or a `[key_value_store.<label>]` of the runtime config. */
export interface KeyValueStoreInfo {
  readonly label: string;
  /** The SQLite file holding it (absolute), or `memory` for a store kept only while the app runs. */
  readonly location: string;
  /** The components whose `key_value_stores` grant it, as enforced now. */
  readonly components: readonly string[];
  /** How many keys it holds; absent when it could not be read (see `problem`). */
  readonly keyCount?: number;
  /** Why it could not be read (a corrupt or unreadable file), naming the file. */
  readonly problem?: string;
}

/** What to list of a store's keys. */
export interface KeyValueKeysQuery {
  /** Only keys starting with this. */
  readonly prefix?: string;
  /** Only keys after this one (in the store's order), to page through a large store. */
  readonly after?: string;
  /** At most this many keys; default 200, at most 1,000. */
  readonly limit?: number;
}

/** One page of a store's keys, in ascending order. */
export interface KeyValueKeysPage {
  readonly keys: readonly string[];
  /** True when more keys follow the last one. */
  readonly more: boolean;
}

/** One key's value, captured like a body (the first 1 MiB, and the true size). */
export interface KeyValueEntry {
  readonly key: string;
  readonly value: CapturedBody;
}

/** Where a change to allowed_outbound_hosts goes. */
export interface AllowedHostsChange {
  /**
   * `false`: a session change, enforced from the next outbound request and not written to
   * disk. It survives reloads from spin.toml (a rebuilt wasm, another component's edit)
   * until it is saved or discarded, or until spin.toml itself changes that component's
   * allowed_outbound_hosts (the file wins; `AppStatus.droppedSessionChanges` says so).
   * `true`: written into spin.toml in place (everything else in the file kept) and the
   * app reloaded; the component's session change is then spin.toml's list.
   */
  readonly save: boolean;
}

/**
 * Learn mode's proposal for one component, from the outbound requests it made this session.
 * Applying it as proposed never widens the list: it keeps the current entries that were
 * used and drops the others; what the list lacks is only offered.
 */
export interface LearnedHosts {
  readonly component: string;
  /** Its allowed_outbound_hosts as they are now (as written). */
  readonly current: readonly string[];
  /**
   * The current entries that allowed a request this session, as written and in their
   * order (Spin's matching rules). A `{{ var }}` template entry also counts as used when it
   * would allow such a request but for its scheme: which scheme the app uses is then a
   * variable's value, and the session saw only one.
   */
  readonly kept: readonly string[];
  /** The entries of `kept` that no request used: templates kept for the scheme the session did not use. */
  readonly keptForScheme: readonly string[];
  /** Entries the current list lacks for requests it does not allow, least privilege (no wildcards), each with why. */
  readonly offered: readonly OfferedHost[];
}

/** An entry learn mode offers to add; it is never proposed (ticked) by itself. */
export interface OfferedHost {
  readonly entry: string;
  /**
   * `denied`: it would allow a request that was denied this session; `unlisted`: every
   * request it would allow was allowed when made, by an entry the list no longer holds.
   */
  readonly reason: 'denied' | 'unlisted';
}

/** An edit of spin.toml, before it is written: the whole text now and after it. */
export interface ManifestEdit {
  /** Absolute path of the spin.toml. */
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

/**
 * A request for the app's listener, as an inspector builds it: sent whole by
 * `sendRequest`, or replacing parts of a recorded request in `replay` (see
 * `requestDraftProblem` in request-draft.ts for what each part may hold).
 */
export interface RequestDraft {
  /** An HTTP method, e.g. `GET` or `PATCH`. */
  readonly method: string;
  /** Path and query, starting with `/`, e.g. `/hello?name=x`. */
  readonly pathWithQuery: string;
  /**
   * Header name/value pairs in order. `host`, `connection`, `content-length`,
   * `transfer-encoding` and `keep-alive` belong to the connection and are refused.
   */
  readonly headers: HeaderList;
  /** The body, at most `MAX_SENT_BODY_BYTES`; none when absent. */
  readonly body?: Uint8Array;
}

/** What `replay` changes of a recorded request: each part given replaces the recorded one, `headers` as a whole list. */
export type ReplayChanges = Partial<RequestDraft>;

/** What sending a request to the app gave: by `replay` or `sendRequest`. */
export interface ReplayResult {
  /** The status the app answered with. */
  readonly status: number;
  /**
   * The trace the app recorded for the request, which also arrives on `onEvents`. Absent
   * when it recorded none: a path no route matches gets Spin's empty 404 and runs nothing,
   * and a request the listener cannot parse is answered 400 before routing.
   */
  readonly traceId?: string;
}

/**
 * Which page of the recorded events `events()` answers with. Pages follow publish order;
 * pass each page's `next` as `after` until a page comes without one.
 */
export interface EventPageRequest {
  /** The `next` of the previous page (an opaque cursor); from the oldest event held when absent. */
  readonly after?: string;
  /**
   * Stop before the page's events weigh more than this many bytes, as the event store
   * weighs them (captured bytes plus every other field's text); default 4 MiB, at most
   * 16 MiB. A page holds at least one event when any is left, however much it weighs.
   */
  readonly maxBytes?: number;
  /** At most this many events; default 2,000, at most 10,000. */
  readonly maxEvents?: number;
}

/** What the event store has let go since it was last cleared. */
export interface EventEvictions {
  /** Events evicted (whole traces, oldest first, to stay within the trace count and byte budget). */
  readonly evicted: number;
  /** What the evicted events weighed, in bytes. */
  readonly evictedBytes: number;
}

/** One page of recorded events, oldest first, and the eviction counts when it was taken. */
export interface EventPage extends EventEvictions {
  readonly events: readonly SpinscopeEvent[];
  /** Pass as `after` for the page that follows; absent on the last page. */
  readonly next?: string;
}

/** A live batch of events, and the eviction counts after it. */
export interface EventBatch extends EventEvictions {
  readonly events: readonly SpinscopeEvent[];
  /**
   * Traces evicted since the previous batch, whole: the store no longer holds any of
   * their events (a later event of one starts it again). A view drops their rows.
   */
  readonly evictedTraceIds: readonly string[];
}

/** Stops a listener; calling it twice is harmless. */
export type Unsubscribe = () => void;

/** What an inspector can do. Every method may reject with an `AppProblem`-shaped error. */
export interface SpinscopeApi {
  readonly version: typeof SPINSCOPE_API_VERSION;
  /** The open project and app. */
  status(): Promise<AppStatus>;
  /** The components of the app that last loaded (empty before any has). */
  components(): Promise<readonly ComponentInfo[]>;
  /**
   * Recorded events passing `filter`, one page at a time (`page`; the first page with
   * the default limits when absent): page on with each answer's `next`.
   */
  events(filter?: EventFilter, page?: EventPageRequest): Promise<EventPage>;
  /**
   * Live events, in batches, from the moment of subscribing. Pair it with `events()`
   * for history: subscribe first, then page through it, and drop ids already seen;
   * drop the traces a batch names in `evictedTraceIds` before adding its events.
   */
  onEvents(listener: (batch: EventBatch) => void): Unsubscribe;
  /** Every status change (starting, running, failed, stopped, problem set or cleared). */
  onStatus(listener: (status: AppStatus) => void): Unsubscribe;
  /**
   * Opens the project whose `spin.toml` is `path` or is inside the directory `path`,
   * stops any app serving and starts the new one. A project that fails to load is
   * reported in the returned status; the previous project keeps serving. A path that
   * is neither a folder nor a `.toml` file is refused (rejected) unread, changing nothing.
   */
  openProject(path: string): Promise<AppStatus>;
  /**
   * Shows the desktop's folder picker and opens the chosen project; resolves to
   * `undefined` when the developer cancels. Absent in a plain browser, where the
   * renderer asks for a path and calls `openProject`.
   */
  pickProject?(): Promise<AppStatus | undefined>;
  /** Recently opened projects' manifest files, most recent first. */
  recentProjects(): Promise<readonly string[]>;
  /** Starts the open project's app if it is stopped or failed. */
  start(): Promise<AppStatus>;
  /** Stops the app; the recorded events stay. */
  stop(): Promise<AppStatus>;
  /**
   * Reloads the manifest and components from disk and restarts the app. Session changes
   * to allowed_outbound_hosts are kept (see `AllowedHostsChange`).
   */
  restart(): Promise<AppStatus>;
  /** Forgets every recorded event (and resets the eviction counts). */
  clearEvents(): Promise<void>;
  /**
   * Replaces `component`'s allowed_outbound_hosts with `entries` (as written, `{{ var }}`
   * templates allowed) and resolves to the updated components. Rejects with Spin's
   * message for an invalid entry before anything changes.
   */
  setAllowedHosts(component: string, entries: readonly string[], change: AllowedHostsChange): Promise<readonly ComponentInfo[]>;
  /**
   * What `setAllowedHosts(component, entries, { save: true })` would write into spin.toml,
   * without writing it: the file's text now and after the edit. Rejects as that would
   * (Spin's message for an invalid entry, an unknown component), or when no app is running.
   */
  previewAllowedHosts(component: string, entries: readonly string[]): Promise<ManifestEdit>;
  /**
   * Replaces `component`'s `key_value_stores` or `sqlite_databases` (`field`) with
   * `labels`, in force from the next store or database it opens, and resolves to the
   * updated components. A session change or a save to spin.toml, as for allowed hosts.
   * Rejects with Spin's message for a label that is not kebab-case or snake_case, or
   * that the app does not define.
   */
  setStoreAccess(component: string, field: StoreKind, labels: readonly string[], change: AllowedHostsChange): Promise<readonly ComponentInfo[]>;
  /** The key-value stores the app defines, with who may open them. */
  keyValueStores(): Promise<readonly KeyValueStoreInfo[]>;
  /** A page of `store`'s keys. */
  keyValueKeys(store: string, query?: KeyValueKeysQuery): Promise<KeyValueKeysPage>;
  /** `key`'s value in `store`, or `undefined` when it has none. */
  keyValueGet(store: string, key: string): Promise<KeyValueEntry | undefined>;
  /** Sets `key` in `store` to `value`, as a guest's `set` would. */
  keyValueSet(store: string, key: string, value: Uint8Array): Promise<void>;
  /** Deletes `key` from `store` (no error when it has none). */
  keyValueDelete(store: string, key: string): Promise<void>;
  /**
   * Drops the session changes to `component`'s allowed_outbound_hosts (every component's
   * when absent): spin.toml's lists, as last loaded, are enforced again from the next
   * outbound request; nothing restarts. Resolves to the updated components. Rejects for
   * a component the app does not have, or when no app is running.
   */
  discardSessionChanges(component?: string): Promise<readonly ComponentInfo[]>;
  /**
   * Sends the inbound request that started trace `traceId` to the app again (method,
   * path, headers and body as recorded, but for the parts `changes` replaces) and
   * resolves to the status and the new trace, which also arrives on `onEvents`. Rejects
   * when the recorded body is needed and was not captured in full, and names the part of
   * `changes` that cannot be sent, and why.
   */
  replay(traceId: string, changes?: ReplayChanges): Promise<ReplayResult>;
  /**
   * Sends `request` to the app's listener, as a client would (the inspector's first-run
   * button), and resolves to the status and the trace the app recorded. Rejects, naming
   * the part and why, for a request that cannot be sent, and when no app is running.
   */
  sendRequest(request: RequestDraft): Promise<ReplayResult>;
  /**
   * Learn mode: for each component that made outbound requests in the recorded events,
   * which current allowed_outbound_hosts entries those used (kept) and which entries
   * would allow the rest (offered, Spin's suggestion rules: no wildcard hosts, ports
   * merged into ranges), beside its current list.
   */
  learnAllowedHosts(): Promise<readonly LearnedHosts[]>;
}

/** Names of the contract's methods, for transports that check what they forward. */
export type SpinscopeApiMethod = Exclude<keyof SpinscopeApi, 'version'>;

/** What a call's arguments must be, for transports that receive them as untyped values. */
export interface ArgumentRule {
  /** What the method takes, in words completing "<method> takes "; absent when it takes nothing. */
  readonly takes?: string;
  /** Whether `args`, as a transport received them, are arguments the method takes. */
  readonly accepts: (args: readonly unknown[]) => boolean;
}

/** A request/response method, answered once. `desktopOnly`: only the desktop window has it. */
export interface CallEntry extends ArgumentRule {
  readonly desktopOnly?: true;
}

/** A listener method: its listener receives the values pushed on `pushes`, as they happen. */
export interface PushEntry {
  readonly pushes: string;
}

/** One entry per contract method: a listener (`(listener) => Unsubscribe`) pushes, anything else is a call. */
export type ApiMethodTable = {
  readonly [M in SpinscopeApiMethod]: NonNullable<SpinscopeApi[M]> extends (listener: never) => Unsubscribe ? PushEntry : CallEntry;
};

const NO_ARGUMENTS: ArgumentRule = { accepts: (args) => args.length === 0 };

/**
 * How every method of `SpinscopeApi` travels, in the interface's order: the Electron
 * IPC and the WebSocket bridge check each call's arguments with `accepts` and refuse
 * them in the words of `takes` (see {@link callArgumentsProblem}); the preload and the
 * renderer's WebSocket client expose the methods listed here. It fails to compile
 * until a method added to the interface has its entry.
 */
export const API_METHODS = {
  status: NO_ARGUMENTS,
  components: NO_ARGUMENTS,
  events: {
    takes: 'an optional filter { kinds?, component?, traceId? } and an optional page { after?: the "next" of a page, maxBytes?: positive integer, maxEvents?: positive integer }',
    // A left-out argument comes as undefined over IPC (structured clone keeps it).
    accepts: (args) => args.length <= 2 && (args[0] === undefined || isEventFilter(args[0])) && (args[1] === undefined || isPageRequest(args[1])),
  },
  onEvents: { pushes: 'events' },
  onStatus: { pushes: 'status' },
  openProject: { takes: 'one path, a non-empty string', accepts: (args) => args.length === 1 && isNonEmpty(args[0]) },
  pickProject: { ...NO_ARGUMENTS, desktopOnly: true },
  recentProjects: NO_ARGUMENTS,
  start: NO_ARGUMENTS,
  stop: NO_ARGUMENTS,
  restart: NO_ARGUMENTS,
  clearEvents: NO_ARGUMENTS,
  setAllowedHosts: {
    takes: 'a component id, a list of entries (strings) and { save: boolean }',
    accepts: (args) => args.length === 3 && typeof args[0] === 'string' && isStringList(args[1]) && isChange(args[2]),
  },
  previewAllowedHosts: {
    takes: 'a component id and a list of entries (strings)',
    accepts: (args) => args.length === 2 && typeof args[0] === 'string' && isStringList(args[1]),
  },
  setStoreAccess: {
    takes: 'a component id, "key_value_stores" or "sqlite_databases", a list of labels (strings) and { save: boolean }',
    accepts: (args) => args.length === 4 && typeof args[0] === 'string' && isStoreKind(args[1]) && isStringList(args[2]) && isChange(args[3]),
  },
  keyValueStores: NO_ARGUMENTS,
  keyValueKeys: {
    takes: 'a store label (a non-empty string) and an optional { prefix?: string, after?: string, limit?: positive integer }',
    accepts: (args) => isNonEmpty(args[0]) && (args.length === 1 || (args.length === 2 && isKeysQuery(args[1]))),
  },
  keyValueGet: {
    takes: 'a store label (a non-empty string) and a key (a string)',
    accepts: (args) => args.length === 2 && isNonEmpty(args[0]) && typeof args[1] === 'string',
  },
  keyValueSet: {
    takes: 'a store label (a non-empty string), a key (a string) and a value (bytes)',
    accepts: (args) => args.length === 3 && isNonEmpty(args[0]) && typeof args[1] === 'string' && args[2] instanceof Uint8Array,
  },
  keyValueDelete: {
    takes: 'a store label (a non-empty string) and a key (a string)',
    accepts: (args) => args.length === 2 && isNonEmpty(args[0]) && typeof args[1] === 'string',
  },
  discardSessionChanges: {
    takes: 'an optional component id, a non-empty string',
    accepts: (args) => args.length === 0 || (args.length === 1 && isNonEmpty(args[0])),
  },
  replay: {
    takes: 'a trace id (a non-empty string) and optional changes { method?: string, pathWithQuery?: string, headers?: [name, value][], body?: bytes }',
    accepts: (args) => (args.length === 1 || (args.length === 2 && (args[1] === undefined || isRequestDraft(args[1], 'partial')))) && isNonEmpty(args[0]),
  },
  sendRequest: {
    takes: 'a request { method: string, pathWithQuery: string, headers: [name, value][], body?: bytes }',
    accepts: (args) => args.length === 1 && isRequestDraft(args[0], 'whole'),
  },
  learnAllowedHosts: NO_ARGUMENTS,
} as const satisfies ApiMethodTable;

type Entry<M extends SpinscopeApiMethod> = (typeof API_METHODS)[M];

/** A request/response method: the Electron IPC carries every one. */
export type CallMethod = { [M in SpinscopeApiMethod]: Entry<M> extends PushEntry ? never : M }[SpinscopeApiMethod];

/** A call only the desktop window has (the folder picker). */
export type DesktopOnlyMethod = { [M in CallMethod]: Entry<M> extends { readonly desktopOnly: true } ? M : never }[CallMethod];

/** A call a plain browser has too: the WebSocket bridge carries these. */
export type BrowserCallMethod = Exclude<CallMethod, DesktopOnlyMethod>;

/** A listener method (`onEvents`, `onStatus`). */
export type PushMethod = Exclude<SpinscopeApiMethod, CallMethod>;

/** What a listener method's pushes are called on the wire: a WebSocket topic, an IPC channel's suffix. */
export type PushTopic<M extends PushMethod = PushMethod> = Entry<M>['pushes'];

const METHODS = Object.keys(API_METHODS) as SpinscopeApiMethod[];

/** Every call method, in the contract's order. */
export const CALL_METHODS: readonly CallMethod[] = METHODS.filter((method): method is CallMethod => !('pushes' in API_METHODS[method]));

/** The call methods a plain browser has, in the contract's order. */
export const BROWSER_CALL_METHODS: readonly BrowserCallMethod[] = CALL_METHODS.filter((method): method is BrowserCallMethod => !('desktopOnly' in API_METHODS[method]));

/** Every listener method, in the contract's order. */
export const PUSH_METHODS: readonly PushMethod[] = METHODS.filter((method): method is PushMethod => 'pushes' in API_METHODS[method]);

/**
 * Why `args` are not arguments `method` takes, in the words every transport refuses
 * them with, or undefined when they are.
 */
export function callArgumentsProblem(method: CallMethod, args: readonly unknown[]): string | undefined {
  const rule: ArgumentRule = API_METHODS[method];
  if (rule.accepts(args)) return undefined;
  return rule.takes === undefined ? 'this method takes no arguments' : `${method} takes ${rule.takes}`;
}
