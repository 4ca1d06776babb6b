/**
 * The lists of a component a session may change without writing spin.toml (its
 * `allowed_outbound_hosts`, `key_value_stores` and `sqlite_databases`): how each is read
 * from the manifest, checked as Spin's loader checks it, and laid over a loaded app.
 */
import type { StoreKind } from '../api/events.js';
import { SpinscopeError } from '../errors/spinscope-error.js';
import { storeLabelProblem, type AppManifest, type ComponentManifest } from '../manifest/index.js';
import { AllowedHostError } from '../permissions/index.js';
import type { StoreLayout } from '../runtime-config/index.js';
import { compileComponentHosts, validateComponentHosts } from './component-policy.js';
import { withAllowedHosts, type LoadedApp } from './load-app.js';
import { StoreLabelError } from './store-label-error.js';

/** A list a session can change. */
export type SessionField = 'allowed_outbound_hosts' | StoreKind;

/** What a list's entries are checked against: the app's manifest and where its stores live. */
export interface ListContext {
  readonly manifest: AppManifest;
  readonly stores: StoreLayout;
}

export interface SessionFieldRules {
  readonly field: SessionField;
  /** The list as spin.toml gives it. */
  read(component: ComponentManifest): readonly string[];
  /**
   * Throws, with Spin's message, an error {@link isInvalidEntry} recognises when
   * `entries` cannot be enforced for `component` of `app`.
   */
  check(app: ListContext, component: string, entries: readonly string[]): void;
  /** `app` with `component`'s list replaced by `entries` (already checked). */
  apply(app: LoadedApp, component: string, entries: readonly string[]): LoadedApp;
}

const ALLOWED_HOSTS: SessionFieldRules = {
  field: 'allowed_outbound_hosts',
  read: (component) => component.allowedOutboundHosts,
  // spec §14.60: literal entries must parse; templates are resolved with defaults.
  check: (app, _component, entries) => validateComponentHosts(app.manifest, entries),
  apply: (app, component, entries) => withAllowedHosts(app, component, entries, compileComponentHosts(app.manifest, entries, app.variables)),
};

const KEY_VALUE_STORES: SessionFieldRules = storeField('key_value_stores', (component) => component.keyValueStores, (stores) => stores.keyValueStores, (component, labels) => ({ ...component, keyValueStores: labels }));

const SQLITE_DATABASES: SessionFieldRules = storeField('sqlite_databases', (component) => component.sqliteDatabases, (stores) => stores.sqliteDatabases, (component, labels) => ({ ...component, sqliteDatabases: labels }));

/** Every list a session can change, in the order the components panel shows them. */
export const SESSION_FIELDS: readonly SessionFieldRules[] = [ALLOWED_HOSTS, KEY_VALUE_STORES, SQLITE_DATABASES];

/** The rules of `field`. */
export function rulesOf(field: SessionField): SessionFieldRules {
  return SESSION_FIELDS.find((rules) => rules.field === field) ?? ALLOWED_HOSTS;
}

/** True for what a field's `check` throws about its entries (anything else is a bug). */
export function isInvalidEntry(error: unknown): error is SpinscopeError {
  return error instanceof AllowedHostError || error instanceof StoreLabelError;
}

// A store label must be kebab-case or snake_case (Spin's manifest schema, v2.rs
// `kebab_or_snake_case`), and defined: `default` or a runtime config table (the loader's
// `configure_app` checks, crates/factor-key-value and crates/factor-sqlite).
function storeField(
  field: StoreKind,
  read: (component: ComponentManifest) => readonly string[],
  defined: (stores: StoreLayout) => ReadonlyMap<string, unknown>,
  replace: (component: ComponentManifest, labels: readonly string[]) => ComponentManifest,
): SessionFieldRules {
  return {
    field,
    read,
    check(app, component, labels) {
      for (const label of labels) {
        const problem = storeLabelProblem(field, label);
        if (problem !== undefined) throw new StoreLabelError(field, label, problem);
        if (!defined(app.stores).has(label)) {
          const table = field === 'key_value_stores' ? 'key_value_store' : 'sqlite_database';
          const known = [...defined(app.stores).keys()].map((name) => JSON.stringify(name)).join(', ');
          throw new StoreLabelError(
            field,
            label,
            `unknown ${field} label ${JSON.stringify(label)} for component ${JSON.stringify(component)}: the app defines ${known}; define [${table}.${label}] in a runtime config file (--runtime-config-file) to add one`,
          );
        }
      }
    },
    apply(app, component, labels) {
      const previous = app.manifest.components.get(component);
      if (previous === undefined) return app;
      const components = new Map(app.manifest.components).set(component, replace(previous, labels));
      return { ...app, manifest: { ...app.manifest, components } };
    },
  };
}
