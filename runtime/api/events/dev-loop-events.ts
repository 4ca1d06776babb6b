/** Events of the dev loop: the app loaded, failed, warned or reloaded, and builds. */

import type { ErrorInfo, EventBase } from './event-parts.js';
import type { StoreKind } from './host-call-events.js';

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
 * Who asked for a change when it was not the developer at the inspector or the CLI:
 * `agent`, a coding agent through `spinscope mcp` (docs/mcp.md).
 */
export type ChangeActor = 'agent';

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
  /**
   * Set when an agent made the change this reload applies (a session change, a save to
   * spin.toml, a restart); absent for the developer's own and for a watch reload.
   */
  readonly actor?: ChangeActor;
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
