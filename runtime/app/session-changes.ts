import type { DroppedSessionChange } from '../api/events.js';
import type { AppManifest } from '../manifest/index.js';
import type { LoadedApp } from './load-app.js';
import { isInvalidEntry, rulesOf, SESSION_FIELDS, type ListContext, type SessionField, type SessionFieldRules } from './session-fields.js';

/**
 * Live edits to one list (allowed_outbound_hosts, key_value_stores or sqlite_databases)
 * not written to spin.toml: each component's entries as written. Never mutated: an edit
 * makes a new map with a new entries array, so comparing arrays by identity tells
 * whether a component was edited since a snapshot.
 */
export type SessionChanges = ReadonlyMap<string, readonly string[]>;

/** The session changes of every list, by field. */
export type SessionLists = Readonly<Record<SessionField, SessionChanges>>;

/** No session changes at all. */
export const NO_SESSION_CHANGES: SessionLists = { allowed_outbound_hosts: new Map(), key_value_stores: new Map(), sqlite_databases: new Map() };

/** Session changes made list by list. */
export function mapLists(make: (rules: SessionFieldRules) => SessionChanges): SessionLists {
  return {
    allowed_outbound_hosts: make(rulesOf('allowed_outbound_hosts')),
    key_value_stores: make(rulesOf('key_value_stores')),
    sqlite_databases: make(rulesOf('sqlite_databases')),
  };
}

/** `app` as spin.toml loaded it, with each component's session changes in force instead. */
export function withSessionChanges(app: LoadedApp, lists: SessionLists): LoadedApp {
  let served = app;
  for (const rules of SESSION_FIELDS) {
    for (const [component, entries] of lists[rules.field]) served = rules.apply(served, component, entries);
  }
  return served;
}

/** Whether `component` has a session change in any list. */
export function hasSessionChanges(lists: SessionLists, component: string): boolean {
  return SESSION_FIELDS.some(({ field }) => lists[field].has(component));
}

/** What a reload from spin.toml makes of the session changes. */
export interface CarriedSessionChanges {
  readonly kept: SessionChanges;
  readonly dropped: readonly DroppedSessionChange[];
}

/** A reload from spin.toml, as far as session changes are concerned. */
export interface ManifestReload {
  /** spin.toml as it was last loaded. */
  readonly before: AppManifest;
  /** The app as it loads now: its manifest and where its stores live. */
  readonly after: ListContext;
  /** The session changes when the reload began; a change made since is newer than the file it read. */
  readonly since: SessionChanges;
  /** The component whose list this reload just saved to spin.toml. */
  readonly saved?: string;
}

/**
 * Which session changes to one list survive `reload`: a change stays unless its
 * component is gone, one of its entries is no longer valid for the new app, or spin.toml
 * changed that component's own list since the change was made (the file wins). A change
 * that spin.toml now holds, or that was just saved, ends without a report.
 */
export function carrySessionChanges(changes: SessionChanges, reload: ManifestReload, rules: SessionFieldRules = SESSION_FIELDS[0]!): CarriedSessionChanges {
  const kept = new Map<string, readonly string[]>();
  const dropped: DroppedSessionChange[] = [];
  for (const [component, entries] of changes) {
    const fate = fateOf(component, entries, reload, rules);
    if (fate === 'kept') kept.set(component, entries);
    else if (fate !== 'ended') dropped.push(fate);
  }
  return { kept, dropped };
}

function fateOf(component: string, entries: readonly string[], reload: ManifestReload, rules: SessionFieldRules): 'kept' | 'ended' | DroppedSessionChange {
  const { before, after, since, saved } = reload;
  const drop = (reason: DroppedSessionChange['reason'], why: string) => dropped(rules.field, component, entries, reason, why);
  const written = after.manifest.components.get(component);
  if (written === undefined) return drop('component-removed', `spin.toml no longer has component "${component}".`);
  const fileEntries = rules.read(written);
  const unchangedSinceStart = since.get(component) === entries;
  if (unchangedSinceStart && component === saved) return 'ended';
  if (sameEntries(entries, fileEntries)) return 'ended';
  const previous = before.components.get(component);
  if (unchangedSinceStart && !sameEntries(previous === undefined ? [] : rules.read(previous), fileEntries)) {
    return drop('manifest-changed', `spin.toml now sets them to ${listed(fileEntries)}, and an edit to the file wins over a session change. ${AGAIN}`);
  }
  try {
    rules.check(after, component, entries);
  } catch (error) {
    if (!isInvalidEntry(error)) throw error;
    return drop('invalid', `the reloaded app refuses it (${error.message}), so spin.toml's list is enforced instead.`);
  }
  return 'kept';
}

const AGAIN = 'Apply the change again if you still need it.';

function dropped(field: SessionField, component: string, entries: readonly string[], reason: DroppedSessionChange['reason'], why: string): DroppedSessionChange {
  return {
    component,
    field,
    reason,
    entries,
    message: `The session change to the ${field} of component "${component}" (${listed(entries)}) was dropped: ${why}`,
  };
}

/** Whether two lists hold the same entries in the same order. */
export function sameEntries(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index]);
}

function listed(entries: readonly string[]): string {
  return `[${entries.map((entry) => JSON.stringify(entry)).join(', ')}]`;
}
