import type { AppStatus, ComponentInfo, SpinscopeApi, Unsubscribe } from '../../runtime/api/contract.js';
import type { StoreKind } from '../../runtime/api/events.js';
import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import type { ConnectionState } from '../api/connect-api.js';
import { LatestRequest } from './latest-request.js';

/**
 * The open project as the header, banner and components panel show it: its status,
 * components and recent projects, and the outcome of the last action the developer took.
 */
export class AppSession {
  status: AppStatus | undefined = $state.raw();
  components: readonly ComponentInfo[] = $state.raw([]);
  recentProjects: readonly string[] = $state.raw([]);
  connection: ConnectionState = $state('connecting');
  /** An action (start, stop, open...) is under way. */
  busy = $state(false);
  /** Why the last action failed, when it threw rather than reporting a problem in the status. */
  actionError: string | undefined = $state();

  readonly #api: SpinscopeApi;
  readonly #unsubscribes: Unsubscribe[] = [];
  // A status push, a discard and an edit can each be waiting for components at once.
  readonly #components = new LatestRequest<readonly ComponentInfo[]>((components) => (this.components = components));
  readonly #recentProjects = new LatestRequest<readonly string[]>((recent) => (this.recentProjects = recent));

  constructor(api: SpinscopeApi) {
    this.#api = api;
  }

  /** Whether the desktop's folder picker is available (Electron) or a path must be typed. */
  get canPickProject(): boolean {
    return this.#api.pickProject !== undefined;
  }

  /** Follows status changes and loads the current status, components and recent projects. */
  async connect(): Promise<void> {
    this.#unsubscribes.push(this.#api.onStatus((status) => void this.#statusChanged(status)));
    await this.#statusChanged(await this.#api.status());
  }

  /** Stops following the status. */
  disconnect(): void {
    for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe();
  }

  /** Records the transport's state (the header shows it while not open). */
  setConnection(state: ConnectionState): void {
    this.connection = state;
  }

  start(): Promise<void> {
    return this.#act(() => this.#api.start());
  }
  stop(): Promise<void> {
    return this.#act(() => this.#api.stop());
  }
  restart(): Promise<void> {
    return this.#act(() => this.#api.restart());
  }
  openProject(path: string): Promise<void> {
    return this.#act(() => this.#api.openProject(path));
  }
  /** Shows the desktop folder picker; a cancelled pick changes nothing. */
  pickProject(): Promise<void> {
    const pick = this.#api.pickProject?.bind(this.#api);
    if (!pick) return Promise.resolve();
    return this.#act(async () => (await pick()) ?? this.status);
  }

  /**
   * Adds `entry` to `component`'s allowed_outbound_hosts: for this session, or saved to
   * spin.toml. Resolves to whether it worked (else `actionError` says why).
   */
  async allowHost(component: string, entry: string, save: boolean): Promise<boolean> {
    const components = await this.#attempt(async () => {
      // The runtime's list, not this view's copy, which a concurrent refresh may have left stale.
      const current = (await this.#api.components()).find((info) => info.id === component)?.allowedOutboundHosts.map((host) => host.raw) ?? [];
      return this.#components.settle(this.#api.setAllowedHosts(component, current.includes(entry) ? current : [...current, entry], { save }));
    });
    return components !== undefined;
  }

  /**
   * Replaces `component`'s allowed_outbound_hosts with `entries`: for this session, or
   * saved to spin.toml. Resolves to Spin's message when an entry is refused (nothing
   * changed then), else to `undefined`.
   */
  async setAllowedHosts(component: string, entries: readonly string[], save: boolean): Promise<string | undefined> {
    try {
      await this.#components.settle(this.#api.setAllowedHosts(component, entries, { save }));
      return undefined;
    } catch (error) {
      return problemMessage(error);
    }
  }

  /**
   * Adds `label` to `component`'s `key_value_stores` or `sqlite_databases` (`field`): for
   * this session, or saved to spin.toml. Resolves to whether it worked (else `actionError` says why).
   */
  async allowStore(component: string, field: StoreKind, label: string, save: boolean): Promise<boolean> {
    const components = await this.#attempt(async () => {
      // The runtime's list, not this view's copy, which a concurrent refresh may have left stale.
      const current = storeLabels((await this.#api.components()).find((info) => info.id === component), field);
      return this.#components.settle(this.#api.setStoreAccess(component, field, current.includes(label) ? current : [...current, label], { save }));
    });
    return components !== undefined;
  }

  /**
   * Replaces `component`'s `key_value_stores` or `sqlite_databases` with `labels`: for this
   * session, or saved to spin.toml. Resolves to Spin's message when refused (nothing changed then).
   */
  async setStoreAccess(component: string, field: StoreKind, labels: readonly string[], save: boolean): Promise<string | undefined> {
    try {
      await this.#components.settle(this.#api.setStoreAccess(component, field, labels, { save }));
      return undefined;
    } catch (error) {
      return problemMessage(error);
    }
  }

  /**
   * Saves every list of `component` (allowed_outbound_hosts, key_value_stores,
   * sqlite_databases) to spin.toml as enforced now, one after the other. Resolves to
   * the first refusal's message, else `undefined`.
   */
  async saveComponent(component: string): Promise<string | undefined> {
    const info = this.components.find((candidate) => candidate.id === component);
    if (info === undefined) return `No component "${component}" in the app.`;
    return (
      (await this.setAllowedHosts(component, info.allowedOutboundHosts.map((host) => host.raw), true)) ??
      (await this.setStoreAccess(component, 'key_value_stores', info.keyValueStores, true)) ??
      (await this.setStoreAccess(component, 'sqlite_databases', info.sqliteDatabases, true))
    );
  }

  /** Drops the session changes to `component`'s lists (every component's when absent): spin.toml's lists apply again, at once. */
  async discardSessionChanges(component?: string): Promise<void> {
    await this.#attempt(() => this.#components.settle(component === undefined ? this.#api.discardSessionChanges() : this.#api.discardSessionChanges(component)));
  }

  async #act(action: () => Promise<AppStatus | undefined>): Promise<void> {
    const status = await this.#attempt(action);
    if (status) await this.#statusChanged(status);
  }

  async #attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.actionError = undefined;
    try {
      return await action();
    } catch (error) {
      this.actionError = problemMessage(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  async #statusChanged(status: AppStatus): Promise<void> {
    this.status = status;
    // The runtime pushes a status only when the app (re)loads or its problems change, and
    // a reload in place (--watch) stays `running`, so every push may change the lists.
    // While the app (re)starts, components() still describes the outgoing app, with any
    // session change it had, so wait for the state it settles in.
    if (status.state === 'starting') return;
    await Promise.all([this.#components.settle(this.#api.components()), this.#recentProjects.settle(this.#api.recentProjects())]);
  }
}

/** `component`'s `key_value_stores` or `sqlite_databases`, as enforced; none for an unknown component. */
export function storeLabels(component: ComponentInfo | undefined, field: StoreKind): readonly string[] {
  if (component === undefined) return [];
  return field === 'key_value_stores' ? component.keyValueStores : component.sqliteDatabases;
}
