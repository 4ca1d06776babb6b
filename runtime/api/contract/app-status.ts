/** What an inspector is told of the open project: its lifecycle, problems, routes and warnings. */

import type { DroppedSessionChange, InboundTarget } from '../events.js';

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
