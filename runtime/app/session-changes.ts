import type { DroppedSessionChange } from '../api/events.js';
import type { AppManifest } from '../manifest/index.js';
import { AllowedHostError } from '../permissions/index.js';
import { compileComponentHosts, validateComponentHosts } from './component-policy.js';
import { withAllowedHosts, type LoadedApp } from './load-app.js';

/**
 * Live edits to allowed_outbound_hosts not written to spin.toml: each component's
 * entries as written. Never mutated: an edit makes a new map with a new entries array,
 * so comparing arrays by identity tells whether a component was edited since a snapshot.
 */
export type SessionChanges = ReadonlyMap<string, readonly string[]>;

/** `app` as spin.toml loaded it, with each component's session change in force instead. */
export function withSessionChanges(app: LoadedApp, changes: SessionChanges): LoadedApp {
  let served = app;
  for (const [component, entries] of changes) {
    served = withAllowedHosts(served, component, entries, compileComponentHosts(app.manifest, entries, app.variables));
  }
  return served;
}

/** What a reload from spin.toml makes of the session changes. */
export interface CarriedSessionChanges {
  readonly kept: SessionChanges;
  readonly dropped: readonly DroppedSessionChange[];
}

/** A reload from spin.toml, as far as session changes are concerned. */
export interface ManifestReload {
  /** spin.toml as it was last loaded, and as it loads now. */
  readonly before: AppManifest;
  readonly after: AppManifest;
  /** The session changes when the reload began; a change made since is newer than the file it read. */
  readonly since: SessionChanges;
  /** The component whose allowed_outbound_hosts this reload just saved to spin.toml. */
  readonly saved?: string;
}

/**
 * Which session changes survive `reload`: a change stays unless its component is gone,
 * one of its entries is no longer valid for the new app, or spin.toml changed that
 * component's own allowed_outbound_hosts since the change was made (the file wins).
 * A change that spin.toml now holds, or that was just saved, ends without a report.
 */
export function carrySessionChanges(changes: SessionChanges, reload: ManifestReload): CarriedSessionChanges {
  const kept = new Map<string, readonly string[]>();
  const dropped: DroppedSessionChange[] = [];
  for (const [component, entries] of changes) {
    const fate = fateOf(component, entries, reload);
    if (fate === 'kept') kept.set(component, entries);
    else if (fate !== 'ended') dropped.push(fate);
  }
  return { kept, dropped };
}

function fateOf(component: string, entries: readonly string[], reload: ManifestReload): 'kept' | 'ended' | DroppedSessionChange {
  const { before, after, since, saved } = reload;
  const fileEntries = after.components.get(component)?.allowedOutboundHosts;
  if (fileEntries === undefined) return dropped(component, entries, 'component-removed', `spin.toml no longer has component "${component}".`);
  const unchangedSinceStart = since.get(component) === entries;
  if (unchangedSinceStart && component === saved) return 'ended';
  if (sameEntries(entries, fileEntries)) return 'ended';
  if (unchangedSinceStart && !sameEntries(before.components.get(component)?.allowedOutboundHosts ?? [], fileEntries)) {
    return dropped(component, entries, 'manifest-changed', `spin.toml now sets them to ${listed(fileEntries)}, and an edit to the file wins over a session change. ${AGAIN}`);
  }
  try {
    validateComponentHosts(after, entries);
  } catch (error) {
    if (!(error instanceof AllowedHostError)) throw error;
    return dropped(component, entries, 'invalid', `the reloaded app refuses it (${error.message}), so spin.toml's list is enforced instead.`);
  }
  return 'kept';
}

const AGAIN = 'Apply the change again if you still need it.';

function dropped(component: string, entries: readonly string[], reason: DroppedSessionChange['reason'], why: string): DroppedSessionChange {
  return {
    component,
    reason,
    entries,
    message: `The session change to the allowed_outbound_hosts of component "${component}" (${listed(entries)}) was dropped: ${why}`,
  };
}

/** Whether two lists hold the same entries in the same order. */
export function sameEntries(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index]);
}

function listed(entries: readonly string[]): string {
  return `[${entries.map((entry) => JSON.stringify(entry)).join(', ')}]`;
}
