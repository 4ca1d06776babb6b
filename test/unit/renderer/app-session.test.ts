import { describe, expect, it } from 'vitest';
import type { AppState, AppStatus, ComponentInfo } from '../../../runtime/api/contract.js';
import type { StoreKind } from '../../../runtime/api/events.js';
import { AppSession } from '../../../renderer/state/app-session.svelte.js';
import { UnusedApi } from './unused-api.js';

const component = (raws: readonly string[], unsaved: boolean): ComponentInfo => ({
  id: 'web',
  routes: [],
  allowedOutboundHosts: raws.map((raw) => ({ raw, resolved: raw })),
  keyValueStores: [],
  sqliteDatabases: [],
  ...(unsaved ? { unsaved } : {}),
});
const FROM_SPIN_TOML = [component(['https://api.test'], false)];
const SESSION_EDITED = [component(['https://api.test', 'https://extra.test'], true)];
// What ProjectSession answers while a reload is under way: the outgoing app's hosts, the unsaved mark already dropped.
const MID_RELOAD = [component(['https://api.test', 'https://extra.test'], false)];

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The status and components half of SpinscopeApi, answering as ProjectSession does (each
 * components() call with the state at the time of the call) but holding every
 * components answer until the test releases it, in whatever order it likes.
 */
class HeldAnswersApi extends UnusedApi {
  /** What a components() call answers, as of the call. */
  current: readonly ComponentInfo[];
  /** Releases each held components answer, oldest first. */
  readonly held: Array<() => void> = [];
  readonly #statusListeners = new Set<(status: AppStatus) => void>();
  #status: AppStatus = { state: 'running', isExample: false, appName: 'app', routes: [] };
  #finishReload = (): void => undefined;

  constructor(current: readonly ComponentInfo[]) {
    super();
    this.current = current;
  }

  /** Publishes a status change, as the runtime does during a reload. */
  push(state: AppState): void {
    this.#status = { ...this.#status, state };
    for (const listener of this.#statusListeners) listener(this.#status);
  }

  override components(): Promise<readonly ComponentInfo[]> {
    return this.#held(this.current);
  }
  override discardSessionChanges(): Promise<readonly ComponentInfo[]> {
    return this.#held(FROM_SPIN_TOML);
  }
  override setAllowedHosts(_component: string, entries: readonly string[]): Promise<readonly ComponentInfo[]> {
    this.current = [component(entries, true)];
    return this.#held(this.current);
  }
  /** A reload from spin.toml: `starting` while the old app (and its session change) still serves, then `running` once the test calls `finishReload`. */
  override async restart(): Promise<AppStatus> {
    this.current = MID_RELOAD;
    this.push('starting');
    await new Promise<void>((resolve) => (this.#finishReload = resolve));
    this.current = FROM_SPIN_TOML;
    this.push('running');
    return this.#status;
  }
  finishReload(): void {
    this.#finishReload();
  }
  override onStatus(listener: (status: AppStatus) => void) {
    this.#statusListeners.add(listener);
    return () => void this.#statusListeners.delete(listener);
  }
  override async status() {
    return this.#status;
  }
  override async recentProjects() {
    return [];
  }

  #held<T>(value: T): Promise<T> {
    return new Promise((resolve) => this.held.push(() => resolve(value)));
  }
}

async function connected(api: HeldAnswersApi): Promise<AppSession> {
  const session = new AppSession(api);
  const connecting = session.connect();
  await macrotask();
  for (const release of api.held.splice(0)) release();
  await connecting;
  return session;
}

describe('AppSession', () => {
  it.each(['as soon as asked', 'newest first'] as const)(
    'a reload from spin.toml (say, after a save) ends on what spin.toml says, never showing the session entry unmarked (components answered %s)',
    async (order) => {
      const api = new HeldAnswersApi(SESSION_EDITED);
      const session = await connected(api);
      expect(session.components).toEqual(SESSION_EDITED);
      const answer = async (answers: Array<() => void>) => {
        for (const release of order === 'newest first' ? answers.reverse() : answers) {
          release();
          await macrotask();
          expect([SESSION_EDITED, FROM_SPIN_TOML]).toContainEqual(session.components);
        }
      };

      const reloading = session.restart();
      await macrotask();
      if (order === 'as soon as asked') await answer(api.held.splice(0));
      api.finishReload();
      await macrotask();
      await answer(api.held.splice(0));
      await reloading;
      expect(session.components).toEqual(FROM_SPIN_TOML);
    },
  );

  it("discarding session changes shows the runtime's answer: spin.toml's lists, unmarked", async () => {
    const api = new HeldAnswersApi(SESSION_EDITED);
    const session = await connected(api);
    const discarding = session.discardSessionChanges();
    await macrotask();
    for (const release of api.held.splice(0)) release();
    await discarding;
    expect(session.components).toEqual(FROM_SPIN_TOML);
  });

  it('keeps an edit on screen when a components answer asked for before it arrives after it', async () => {
    const api = new HeldAnswersApi(FROM_SPIN_TOML);
    const session = await connected(api);
    // A reload set off by a file change: the components asked for when it ends are held.
    api.push('starting');
    api.push('running');
    const editing = session.setAllowedHosts('web', ['https://api.test', 'https://extra.test'], false);
    const editAnswer = api.held.pop();
    const reloadAnswers = api.held.splice(0);
    editAnswer?.();
    await editing;
    for (const release of reloadAnswers) release();
    await macrotask();
    expect(session.components).toEqual(SESSION_EDITED);
  });
});

/** The components half of SpinscopeApi for one component, recording each list change in the order asked. */
class StoreAccessApi extends UnusedApi {
  info: ComponentInfo = { id: 'todo', routes: [], allowedOutboundHosts: [{ raw: 'https://api.test', resolved: 'https://api.test' }], keyValueStores: ['default'], sqliteDatabases: [], unsaved: true };
  readonly changes: string[] = [];
  refuse: string | undefined;

  override async components(): Promise<readonly ComponentInfo[]> {
    return [this.info];
  }
  override async setAllowedHosts(component: string, entries: readonly string[], change: { save: boolean }): Promise<readonly ComponentInfo[]> {
    this.changes.push(`${component} allowed_outbound_hosts ${JSON.stringify(entries)} save=${change.save}`);
    return [this.info];
  }
  override async setStoreAccess(component: string, field: StoreKind, labels: readonly string[], change: { save: boolean }): Promise<readonly ComponentInfo[]> {
    this.changes.push(`${component} ${field} ${JSON.stringify(labels)} save=${change.save}`);
    if (this.refuse !== undefined) throw { code: 'SPINSCOPE_MANIFEST', name: 'ManifestError', message: this.refuse };
    this.info = { ...this.info, ...(field === 'key_value_stores' ? { keyValueStores: labels } : { sqliteDatabases: labels }) };
    return [this.info];
  }
}

describe('AppSession store access', () => {
  it("adds a denied store's label to the runtime's current list, for the session or saved", async () => {
    const api = new StoreAccessApi();
    const session = new AppSession(api);
    expect(await session.allowStore('todo', 'key_value_stores', 'cache', false)).toBe(true);
    expect(await session.allowStore('todo', 'sqlite_databases', 'default', true)).toBe(true);
    // Already granted (say, from another denial's button): the list stays as it is.
    expect(await session.allowStore('todo', 'key_value_stores', 'cache', false)).toBe(true);
    expect(api.changes).toEqual([
      'todo key_value_stores ["default","cache"] save=false',
      'todo sqlite_databases ["default"] save=true',
      'todo key_value_stores ["default","cache"] save=false',
    ]);
    expect(session.components).toEqual([api.info]);
  });

  it("reports the runtime's refusal of a label", async () => {
    const api = new StoreAccessApi();
    api.refuse = 'unknown key_value_stores label "nope" for component "todo"';
    const session = new AppSession(api);
    expect(await session.allowStore('todo', 'key_value_stores', 'nope', false)).toBe(false);
    expect(session.actionError).toBe('unknown key_value_stores label "nope" for component "todo"');
    expect(await session.setStoreAccess('todo', 'key_value_stores', ['nope'], false)).toBe('unknown key_value_stores label "nope" for component "todo"');
  });

  it("saves every list of a component to spin.toml, as enforced, and stops at the first refusal", async () => {
    const api = new StoreAccessApi();
    const session = new AppSession(api);
    await session.setStoreAccess('todo', 'key_value_stores', ['default', 'cache'], false);
    expect(await session.saveComponent('todo')).toBeUndefined();
    expect(api.changes.slice(1)).toEqual([
      'todo allowed_outbound_hosts ["https://api.test"] save=true',
      'todo key_value_stores ["default","cache"] save=true',
      'todo sqlite_databases [] save=true',
    ]);
    api.refuse = 'cannot write spin.toml';
    api.changes.length = 0;
    expect(await session.saveComponent('todo')).toBe('cannot write spin.toml');
    expect(api.changes).toHaveLength(2);
  });
});
