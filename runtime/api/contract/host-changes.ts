/** Changes to a component's allowed hosts: a session or saved change, learn mode's proposal, a save's preview. */

import type { ChangeActor } from '../events.js';

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
  /** Who makes the change, when not the developer: the `app.reloaded` it publishes carries it. */
  readonly actor?: ChangeActor;
}

/** How `restart` was asked for. */
export interface RestartOptions {
  /** Who asks, when not the developer: the `app.reloaded` it publishes carries it. */
  readonly actor?: ChangeActor;
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
