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

import { isChange, isRestartOptions, isEventFilter, isKeysQuery, isNonEmpty, isOutboundRuleList, isPageRequest, isRequestDraft, isStoreKind, isStringList } from './argument-shapes.js';
import type { EventFilter, StoreKind } from './events.js';

/** Bumped when a method or a value's shape changes incompatibly. */
export const SPINSCOPE_API_VERSION = 1;

export type { AppState, AppProblem, RouteInfo, AppWarning, AppStatus } from './contract/app-status.js';
export type { AllowedHostInfo, ComponentInfo } from './contract/component-info.js';
export type { KeyValueStoreInfo, KeyValueKeysQuery, KeyValueKeysPage, KeyValueEntry } from './contract/key-value-browsing.js';
export type { AllowedHostsChange, LearnedHosts, OfferedHost, ManifestEdit, RestartOptions } from './contract/host-changes.js';
export type { RequestDraft, ReplayChanges, ReplayResult } from './contract/request-drafts.js';
export type { EventPageRequest, EventEvictions, EventPage, EventBatch, Unsubscribe } from './contract/event-paging.js';
export type { RuleMatch, RuleFailure, RuleAction, OutboundRule, OutboundRules, RuleApplied } from './contract/outbound-rules.js';
export type { RecordedCall, CallDecision, DecisionChange, WhatIfResult, EntryVerdict, EntryAudit, ComponentAudit } from './contract/policy-insight.js';

import type { AllowedHostsChange, LearnedHosts, ManifestEdit, RestartOptions } from './contract/host-changes.js';
import type { AppStatus } from './contract/app-status.js';
import type { ComponentInfo } from './contract/component-info.js';
import type { EventBatch, EventPage, EventPageRequest, Unsubscribe } from './contract/event-paging.js';
import type { KeyValueEntry, KeyValueKeysPage, KeyValueKeysQuery, KeyValueStoreInfo } from './contract/key-value-browsing.js';
import type { ReplayChanges, ReplayResult, RequestDraft } from './contract/request-drafts.js';
import type { OutboundRule, OutboundRules } from './contract/outbound-rules.js';
import type { ComponentAudit, WhatIfResult } from './contract/policy-insight.js';

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
   * to allowed_outbound_hosts are kept (see `AllowedHostsChange`). `options.actor` marks
   * the `app.reloaded` it publishes as an agent's.
   */
  restart(options?: RestartOptions): Promise<AppStatus>;
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
  /** The outbound rules in force (docs/rules.md), the rules file's last problem, and whether recording is on. */
  outboundRules(): Promise<OutboundRules>;
  /**
   * Validates `rules` (the rules file's loader's errors, naming the rule), writes them to the
   * rules file (creating `.spinscope/rules.toml` beside spin.toml if needed) and puts them in
   * force from the next outbound call. Creating, toggling, reordering and deleting are all this.
   */
  setOutboundRules(rules: readonly OutboundRule[]): Promise<OutboundRules>;
  /** The "record" switch: while on, each real upstream response replaces or appends a stub rule for its method and URL. */
  setRuleRecording(on: boolean): Promise<OutboundRules>;
  /**
   * Policy what-if: every outbound call `component` made this session (HTTP requests and
   * the connections of Spin's network interfaces) whose decision `entries` would change,
   * allowed -> denied or denied -> allowed, against the decision recorded for it, each with
   * the entry that allowed it before or would after. Nothing is applied. Rejects with
   * Spin's message for a list Spin would refuse, or for a component the app does not have.
   */
  whatIfAllowedHosts(component: string, entries: readonly string[]): Promise<WhatIfResult>;
  /**
   * Audit: per component, in manifest order, its allowed_outbound_hosts entries that
   * allowed no call this session (unused), those broader than the calls need (any scheme,
   * any host, subdomain wildcards, wide CIDRs, port ranges, every port) and why, and the
   * narrowest list that still allows every call the list allows now.
   */
  auditAllowedHosts(): Promise<readonly ComponentAudit[]>;
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
  restart: {
    takes: 'an optional { actor?: "agent" }',
    accepts: (args) => args.length <= 1 && (args[0] === undefined || isRestartOptions(args[0])),
  },
  clearEvents: NO_ARGUMENTS,
  setAllowedHosts: {
    takes: 'a component id, a list of entries (strings) and { save: boolean, actor?: "agent" }',
    accepts: (args) => args.length === 3 && typeof args[0] === 'string' && isStringList(args[1]) && isChange(args[2]),
  },
  previewAllowedHosts: {
    takes: 'a component id and a list of entries (strings)',
    accepts: (args) => args.length === 2 && typeof args[0] === 'string' && isStringList(args[1]),
  },
  setStoreAccess: {
    takes: 'a component id, "key_value_stores" or "sqlite_databases", a list of labels (strings) and { save: boolean, actor?: "agent" }',
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
  outboundRules: NO_ARGUMENTS,
  setOutboundRules: {
    takes: 'a list of rules { name: string, enabled: boolean, match: { url: string, component?: string, method?: string }, action: { kind: "stub" | "delay" | "fail" | "throttle" | "pass", ... } }',
    accepts: (args) => args.length === 1 && isOutboundRuleList(args[0]),
  },
  setRuleRecording: { takes: 'one boolean', accepts: (args) => args.length === 1 && typeof args[0] === 'boolean' },
  whatIfAllowedHosts: {
    takes: 'a component id and a list of entries (strings)',
    accepts: (args) => args.length === 2 && typeof args[0] === 'string' && isStringList(args[1]),
  },
  auditAllowedHosts: NO_ARGUMENTS,
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
