import { resolve } from 'node:path';
import {
  SPINSCOPE_API_VERSION,
  type AllowedHostsChange,
  type AppProblem,
  type AppState,
  type AppStatus,
  type AppWarning,
  type ComponentAudit,
  type ComponentInfo,
  type EventBatch,
  type EventPage,
  type EventPageRequest,
  type KeyValueEntry,
  type KeyValueKeysPage,
  type KeyValueKeysQuery,
  type KeyValueStoreInfo,
  type LearnedHosts,
  type ManifestEdit,
  type OutboundRule,
  type OutboundRules,
  type ReplayChanges,
  type ReplayResult,
  type RequestDraft,
  type RestartOptions,
  type SpinscopeApi,
  type Unsubscribe,
  type WhatIfResult,
} from '../api/contract.js';
import type { DroppedSessionChange, EventFilter, StoreKind } from '../api/events.js';
import { editComponentList, hasSessionChanges, prepareApp, type AppReload, type LoadedApp, type PreparedApp, type RunningApp, type SessionField, type StartOptions } from '../app/index.js';
import { EventStore, newEventId, newTraceId } from '../events/index.js';
import { readManifestText } from '../manifest/index.js';
import { parseVariableFlags } from '../variables/index.js';
import { AppNotRunningError } from './app-not-running-error.js';
import { appProblemOf, errorInfoOf } from './app-problem.js';
import { describeComponents } from './describe-components.js';
import { ProjectWatch } from './project-watch.js';
import { subscribeBatches } from './event-batches.js';
import { BUNDLED_EXAMPLE, exampleStateDir, openableManifest, projectManifest } from './project-manifest.js';
import { defaultRecentProjectsFile, RecentProjects } from './recent-projects.js';
import { LEARN_EVENT_KINDS, learnAllowedHosts } from './learn-allowed-hosts.js';
import { replayDraft } from './replay-request.js';
import { auditAllowedHosts, whatIfAllowedHosts } from './policy-insight.js';
import { CALL_EVENT_KINDS, recordedCalls, type SessionCalls } from './recorded-calls.js';
import { sendToApp } from './send-request.js';
import { keysPage, storeInfos } from './key-value-browsing.js';
import { BodyCapture, DEFAULT_BODY_CAPTURE_LIMIT } from '../http/index.js';
import { defaultRulesFile, OutboundRulesSession } from './outbound-rules-session.js';

/** How to open a session: the project, and how to run its app. */
export interface ProjectSessionOptions extends Omit<StartOptions, 'cliVariables' | 'events'> {
  /** A project directory or its `spin.toml`; the bundled example when absent. */
  readonly project?: string;
  /** `--variable` values, each `KEY=VALUE`. */
  readonly variables?: readonly string[];
  /** Where recent projects are kept; default `$XDG_CONFIG_HOME/spinscope/recent-projects.json`. */
  readonly recentProjectsFile?: string;
  /**
   * Watch the running app's spin.toml, wasm sources and `build.watch` globs, building
   * and reloading on change as `spinscope up --watch` does; while the project fails to
   * load, watch its spin.toml and start the app once it is fixed.
   */
  readonly watch?: boolean;
  /** The first project's rules file (docs/rules.md); default `.spinscope/rules.toml` beside each project's spin.toml. */
  readonly rulesFile?: string;
}

/**
 * One open project and the app serving from it: the in-process `SpinscopeApi` that the
 * Electron main process and the `spinscope ui` bridge both expose.
 *
 * One event store lives as long as the session, so traffic survives restarts and
 * project switches. A restart reloads the running app in place (`RunningApp.reload`:
 * the listener stays bound, requests in flight finish on the old version); opening
 * another project loads it and starts its engines before the old app stops. Either
 * way a broken `spin.toml` or a missing `.wasm` leaves the last good app serving, with
 * the failure in `status().problem`. Lifecycle calls run one at a time.
 */
export class ProjectSession implements SpinscopeApi {
  readonly version = SPINSCOPE_API_VERSION;
  readonly #startOptions: StartOptions;
  /**
   * The project the session first launched and the options that belong to it alone (its
   * runtime config file, state directory and --sqlite statements); another project
   * opened later runs without them.
   */
  readonly #firstProject: { manifestFile?: string; readonly options: Pick<StartOptions, 'runtimeConfigFile' | 'stateDir' | 'sqliteStatements'>; readonly rulesFile?: string };
  readonly #events: EventStore;
  readonly #recent: RecentProjects;
  readonly #statusListeners = new Set<(status: AppStatus) => void>();
  readonly #watch: ProjectWatch | undefined;
  readonly #rules: OutboundRulesSession;
  #queue: Promise<unknown> = Promise.resolve();
  #manifestFile: string | undefined;
  #running: RunningApp | undefined;
  /** The app that last loaded, serving or not, for `components()`. */
  #loaded: LoadedApp | undefined;
  #state: AppState = 'stopped';
  #problem: AppProblem | undefined;
  /** Session changes reloads dropped, by component and list, until that list is edited again. */
  readonly #dropped = new Map<string, DroppedSessionChange>();
  /** Where the last app listened, so the next one binds the same address. */
  #lastOrigin: string | undefined;

  private constructor(options: ProjectSessionOptions) {
    const { project: _project, variables, recentProjectsFile, watch, runtimeConfigFile, stateDir, sqliteStatements, rulesFile, ...start } = options;
    this.#firstProject = {
      ...(rulesFile === undefined ? {} : { rulesFile }),
      options: {
        ...(runtimeConfigFile === undefined ? {} : { runtimeConfigFile }),
        ...(stateDir === undefined ? {} : { stateDir }),
        ...(sqliteStatements === undefined ? {} : { sqliteStatements }),
      },
    };
    this.#watch = watch === true ? this.#projectWatch() : undefined;
    const env = options.env ?? process.env;
    this.#events = new EventStore(options);
    this.#rules = new OutboundRulesSession((message, error) => this.#warnEvent(message, error), options.bodyCaptureLimit ?? DEFAULT_BODY_CAPTURE_LIMIT);
    this.#startOptions = { ...start, env, cliVariables: parseVariableFlags(variables ?? []), events: this.#events, rules: this.#rules.book };
    this.#recent = new RecentProjects(recentProjectsFile ?? defaultRecentProjectsFile(env));
  }

  /**
   * Opens `options.project` (or the bundled example) and starts its app. Resolves even
   * when the project fails to load: the status is then `failed` with the problem.
   * Throws a UsageError only for a malformed `options.variables` entry.
   */
  static async open(options: ProjectSessionOptions = {}): Promise<ProjectSession> {
    const session = new ProjectSession(options);
    // The developer named this project; like `spin up -f`, a manifest of any file name.
    await session.#open(await projectManifest(options.project));
    return session;
  }

  async status(): Promise<AppStatus> {
    return this.#snapshot();
  }

  async components(): Promise<readonly ComponentInfo[]> {
    const running = this.#running;
    const app = running?.app ?? this.#loaded;
    if (app === undefined) return [];
    return describeComponents(app).map((component) => (running !== undefined && hasSessionChanges(running.sessionChanges, component.id) ? { ...component, unsaved: true } : component));
  }

  /** Takes the page at once (it only gathers references), so no eviction can come between its events. Throws UsageError for a bad `page.after`. */
  async events(filter?: EventFilter, page?: EventPageRequest): Promise<EventPage> {
    const { events, next } = this.#events.page(filter, page);
    const { evictedEvents, evictedBytes } = this.#events.stats();
    return { events, evicted: evictedEvents, evictedBytes, ...(next === undefined ? {} : { next }) };
  }

  onEvents(listener: (batch: EventBatch) => void): Unsubscribe {
    return subscribeBatches(this.#events, listener);
  }

  onStatus(listener: (status: AppStatus) => void): Unsubscribe {
    this.#statusListeners.add(listener);
    return () => void this.#statusListeners.delete(listener);
  }

  /**
   * Opens a project folder or a `.toml` manifest; throws ManifestError, changing nothing,
   * for any other path (see {@link openableManifest}).
   */
  async openProject(path: string): Promise<AppStatus> {
    return this.#open(await openableManifest(path));
  }

  #open(manifest: string): Promise<AppStatus> {
    return this.#serially(async () => {
      const manifestFile = resolve(manifest);
      await this.#launch(manifestFile);
      if (this.#manifestFile === manifestFile && manifestFile !== BUNDLED_EXAMPLE) await this.#recent.add(manifestFile);
    });
  }

  recentProjects(): Promise<readonly string[]> {
    return this.#recent.list();
  }

  start(): Promise<AppStatus> {
    return this.#serially(async () => {
      if (this.#running === undefined && this.#manifestFile !== undefined) await this.#launch(this.#manifestFile);
    });
  }

  stop(): Promise<AppStatus> {
    return this.#serially(async () => {
      await this.#stopRunning();
      await this.#watch?.close();
      this.#update('stopped', undefined);
    });
  }

  /** Launching an app that is not running publishes `app.loaded`, which carries no actor. */
  restart(options: RestartOptions = {}): Promise<AppStatus> {
    return this.#serially(async () => {
      const running = this.#running;
      const cause = { trigger: 'restart', ...(options.actor === undefined ? {} : { actor: options.actor }) } as const;
      if (running !== undefined && running.app.manifest.file === this.#manifestFile) await this.#reload(running, () => running.reload(cause));
      else if (this.#manifestFile !== undefined) await this.#launch(this.#manifestFile);
    });
  }

  /**
   * A session change applies to the running app from the component's next outbound
   * request and survives reloads from spin.toml (restarts, rebuilt wasm, edits to other
   * components) until it is saved or discarded, or spin.toml changes that component's
   * allowed_outbound_hosts; then `status().droppedSessionChanges` says so. Saving writes
   * spin.toml in place and reloads from it; other components' session changes stay.
   * Throws AllowedHostError with Spin's message for a bad entry, UnknownComponentError,
   * ManifestEditError, or AppNotRunningError.
   */
  setAllowedHosts(component: string, entries: readonly string[], change: AllowedHostsChange): Promise<readonly ComponentInfo[]> {
    return this.#setList(component, 'allowed_outbound_hosts', entries, change);
  }

  /** Reads spin.toml now; throws as {@link setAllowedHosts} would before writing, and ManifestError when the file cannot be read. */
  async previewAllowedHosts(component: string, entries: readonly string[]): Promise<ManifestEdit> {
    const { file } = this.#runningApp(`cannot preview a save of the allowed_outbound_hosts of "${component}"`).app.manifest;
    const before = await readManifestText(file);
    return { file, before, after: editComponentList(before, file, component, 'allowed_outbound_hosts', entries) };
  }

  /** As {@link setAllowedHosts}, for `key_value_stores` or `sqlite_databases`; a bad label throws StoreLabelError. */
  setStoreAccess(component: string, field: StoreKind, labels: readonly string[], change: AllowedHostsChange): Promise<readonly ComponentInfo[]> {
    return this.#setList(component, field, labels, change);
  }

  /** Throws UnknownComponentError for a component the app does not have, or AppNotRunningError. */
  async discardSessionChanges(component?: string): Promise<readonly ComponentInfo[]> {
    this.#runningApp('cannot discard session changes').discardSessionChanges(component);
    this.#forgetDropped(component);
    return this.components();
  }

  async keyValueStores(): Promise<readonly KeyValueStoreInfo[]> {
    const running = this.#running;
    if (running === undefined) return [];
    return storeInfos(running.keyValueStores, running.app);
  }

  /** Throws UnknownStoreError, StorageError (a file that cannot be read) or AppNotRunningError. */
  async keyValueKeys(store: string, query: KeyValueKeysQuery = {}): Promise<KeyValueKeysPage> {
    return keysPage(this.#stores('cannot list keys').store(store, false), query);
  }

  async keyValueGet(store: string, key: string): Promise<KeyValueEntry | undefined> {
    const value = this.#stores('cannot read a key').store(store, false)?.get(key);
    return value === undefined ? undefined : { key, value: BodyCapture.of(value, this.#startOptions.bodyCaptureLimit ?? DEFAULT_BODY_CAPTURE_LIMIT) };
  }

  async keyValueSet(store: string, key: string, value: Uint8Array): Promise<void> {
    this.#stores('cannot set a key').store(store, true)?.set(key, value);
  }

  async keyValueDelete(store: string, key: string): Promise<void> {
    this.#stores('cannot delete a key').store(store, false)?.delete(key);
  }

  async learnAllowedHosts(): Promise<readonly LearnedHosts[]> {
    const app = this.#running?.app ?? this.#loaded;
    if (app === undefined) return [];
    const current = new Map(describeComponents(app).map((component) => [component.id, component.allowedOutboundHosts]));
    return learnAllowedHosts(this.#events.events({ kinds: LEARN_EVENT_KINDS }), current);
  }

  async outboundRules(): Promise<OutboundRules> {
    return this.#rules.snapshot();
  }

  /** Throws RulesError naming the rule for a rule the rules file could not hold. */
  setOutboundRules(rules: readonly OutboundRule[]): Promise<OutboundRules> {
    return this.#rules.set(rules);
  }

  setRuleRecording(on: boolean): Promise<OutboundRules> {
    return this.#rules.setRecording(on);
  }

  /** Throws AllowedHostError for a list Spin would refuse, UnknownComponentError, or AppNotRunningError before any app has loaded. */
  async whatIfAllowedHosts(component: string, entries: readonly string[]): Promise<WhatIfResult> {
    return whatIfAllowedHosts(this.#appNow(`cannot check allowed_outbound_hosts of "${component}"`), this.#recordedCalls(), component, entries);
  }

  async auditAllowedHosts(): Promise<readonly ComponentAudit[]> {
    const app = this.#running?.app ?? this.#loaded;
    return app === undefined ? [] : auditAllowedHosts(app, this.#recordedCalls());
  }

  async replay(traceId: string, changes?: ReplayChanges): Promise<ReplayResult> {
    const origin = this.#running?.url;
    if (origin === undefined) throw new AppNotRunningError('cannot replay a request');
    return sendToApp(replayDraft(this.#events.trace(traceId) ?? [], changes), origin, this.#events);
  }

  async sendRequest(request: RequestDraft): Promise<ReplayResult> {
    const origin = this.#running?.url;
    if (origin === undefined) throw new AppNotRunningError('cannot send a request');
    return sendToApp(request, origin, this.#events);
  }

  async clearEvents(): Promise<void> {
    this.#events.clear();
  }

  /** Warnings Spin would print for the app that last loaded: its manifest's, then its route table's. */
  warnings(): readonly AppWarning[] {
    return [...(this.#loaded?.warnings ?? []), ...(this.#running?.routeWarnings ?? []).map((message) => ({ message }))];
  }

  /** Stops the app and forgets every status listener; live event subscriptions end with their unsubscribe. */
  async close(): Promise<void> {
    await this.#serially(async () => {
      await this.#stopRunning();
      await this.#watch?.close();
      await this.#rules.close();
    });
    this.#statusListeners.clear();
  }

  /**
   * Loads `manifestFile` and starts its engines while any running app keeps serving;
   * only then stops the old app and binds the listener on the same address. Every
   * attempt publishes `app.loaded` or `app.failed`. The project becomes the session's
   * project when it starts, or when nothing else is serving.
   */
  async #launch(manifestFile: string): Promise<void> {
    await this.#tryLaunch(manifestFile);
    await this.#watch?.follow(this.#running, this.#manifestFile);
  }

  async #tryLaunch(manifestFile: string): Promise<void> {
    this.#firstProject.manifestFile ??= manifestFile;
    this.#update('starting', this.#problem);
    // With nothing serving, the rules are in force before the first request (and known for a project that fails to load).
    if (this.#running === undefined) await this.#rules.use(this.#rulesFileOf(manifestFile));
    let prepared: PreparedApp;
    try {
      prepared = await prepareApp(manifestFile, this.#startOptionsNow(manifestFile));
    } catch (error) {
      this.#fail(manifestFile, error);
      return;
    }
    try {
      await this.#stopRunning();
    } catch (error) {
      await prepared.discard();
      throw error;
    }
    try {
      this.#running = await prepared.listen();
    } catch (error) {
      this.#fail(manifestFile, error);
      return;
    }
    this.#manifestFile = manifestFile;
    this.#loaded = this.#running.manifestApp;
    this.#dropped.clear();
    await this.#rules.use(this.#rulesFileOf(manifestFile));
    this.#update('running', undefined);
  }

  /** The rules file of `manifestFile`'s project: `--rules` for the first project, else `.spinscope/rules.toml` beside it. */
  #rulesFileOf(manifestFile: string): string {
    return (manifestFile === this.#firstProject.manifestFile ? this.#firstProject.rulesFile : undefined) ?? defaultRulesFile(manifestFile);
  }

  /** Awaits a reload in place; a failure (already published as `app.failed`) becomes the status's problem. */
  async #reload(running: RunningApp, reload: () => Promise<AppReload>): Promise<void> {
    this.#update('starting', this.#problem);
    try {
      this.#reloaded(running, await reload());
    } catch (error) {
      this.#update('running', appProblemOf(error));
    }
  }

  #reloaded(running: RunningApp, reload: AppReload): void {
    for (const dropped of reload.droppedSessionChanges) this.#dropped.set(`${dropped.field}\0${dropped.component}`, dropped);
    this.#loaded = running.manifestApp;
    this.#update('running', undefined);
  }

  async #setList(component: string, field: SessionField, entries: readonly string[], change: AllowedHostsChange): Promise<readonly ComponentInfo[]> {
    const running = this.#runningApp(`cannot change the ${field} of "${component}"`);
    if (change.save) {
      const { reloaded } = await running.saveList(component, field, entries, change.actor);
      this.#forgetDropped(component, field);
      await this.#serially(() => this.#reload(running, () => reloaded));
    } else {
      running.setList(component, field, entries, change.actor);
      this.#forgetDropped(component, field);
    }
    return this.components();
  }

  /**
   * Forgets what reloads dropped of `component`'s `field` list (every list when `field`
   * is absent, every component when `component` is): it has been edited since.
   */
  #forgetDropped(component?: string, field?: SessionField): void {
    const forget = [...this.#dropped].filter(([, dropped]) => (component === undefined || dropped.component === component) && (field === undefined || dropped.field === field));
    for (const [key] of forget) this.#dropped.delete(key);
    if (forget.length > 0) this.#update(this.#state, this.#problem);
  }

  /** The app as enforced now: the running one (session changes included), else the last that loaded. */
  #appNow(refused: string): LoadedApp {
    const app = this.#running?.app ?? this.#loaded;
    if (app === undefined) throw new AppNotRunningError(refused);
    return app;
  }

  #recordedCalls(): SessionCalls {
    return recordedCalls(this.#events.events({ kinds: CALL_EVENT_KINDS }));
  }

  #stores(refused: string) {
    return this.#runningApp(refused).keyValueStores;
  }

  #runningApp(refused: string): RunningApp {
    if (this.#running === undefined) throw new AppNotRunningError(refused);
    return this.#running;
  }

  #projectWatch(): ProjectWatch {
    return new ProjectWatch({
      onReloaded: (running, reload) => {
        if (this.#running === running) this.#reloaded(running, reload);
      },
      onFailed: (running, error) => {
        if (this.#running === running) this.#update('running', appProblemOf(error));
      },
      retry: () => void this.start(),
    });
  }

  #warnEvent(message: string, error?: Error): void {
    this.#events.publish({ kind: 'app.warning', id: newEventId(), time: Date.now(), traceId: newTraceId(), message, ...(error === undefined ? {} : { error: errorInfoOf(appProblemOf(error)) }) });
  }

  #fail(manifestFile: string, error: unknown): void {
    const problem = appProblemOf(error);
    const failedOpen = this.#running !== undefined && this.#running.app.manifest.file !== manifestFile ? { failedOpen: manifestFile } : {};
    this.#events.publish({ kind: 'app.failed', id: newEventId(), time: Date.now(), traceId: newTraceId(), error: errorInfoOf(problem), ...failedOpen });
    if (this.#running === undefined && this.#manifestFile !== manifestFile) {
      this.#manifestFile = manifestFile;
      this.#loaded = undefined;
    }
    this.#update(this.#running === undefined ? 'failed' : 'running', { ...problem, ...failedOpen });
  }

  /**
   * Start options for launching `manifestFile`: after the first bind, the same address,
   * so a restart keeps the app's URL; the first project's own options only for it.
   */
  #startOptionsNow(manifestFile: string): StartOptions {
    const origin = this.#running?.url ?? this.#lastOrigin;
    const stateDir = exampleStateDir(manifestFile, this.#startOptions.env ?? process.env);
    return {
      ...this.#startOptions,
      ...(stateDir === undefined ? {} : { stateDir }),
      ...(manifestFile === this.#firstProject.manifestFile ? this.#firstProject.options : {}),
      ...(origin === undefined ? {} : { listen: new URL(origin).host }),
    };
  }

  async #stopRunning(): Promise<void> {
    const running = this.#running;
    if (running === undefined) return;
    this.#running = undefined;
    await this.#watch?.close();
    this.#lastOrigin = running.url;
    await running.stop();
  }

  #serially(task: () => Promise<void>): Promise<AppStatus> {
    const run = this.#queue.then(task).then(() => this.#snapshot());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #update(state: AppState, problem: AppProblem | undefined): void {
    this.#state = state;
    this.#problem = problem;
    const status = this.#snapshot();
    for (const listener of this.#statusListeners) listener(status);
  }

  #snapshot(): AppStatus {
    const running = this.#running;
    const appName = (running?.app ?? this.#loaded)?.manifest.name;
    const warnings = this.warnings();
    return {
      state: this.#state,
      ...(this.#manifestFile === undefined ? {} : { manifestFile: this.#manifestFile }),
      isExample: this.#manifestFile === BUNDLED_EXAMPLE,
      ...(appName === undefined ? {} : { appName }),
      ...(running === undefined ? {} : { origin: running.url }),
      routes: (running?.routes ?? []).map((route) => ({
        ...(route.component === undefined ? { staticTrigger: route.staticTrigger } : { component: route.component }),
        path: route.path,
        wildcard: route.wildcard,
        url: `${running?.url ?? ''}${route.path}`,
      })),
      ...(this.#problem === undefined ? {} : { problem: this.#problem }),
      ...(this.#dropped.size === 0 ? {} : { droppedSessionChanges: [...this.#dropped.values()] }),
      ...(warnings.length === 0 ? {} : { warnings }),
    };
  }
}
