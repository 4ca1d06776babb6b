import type { ReloadChanges } from '../api/events.js';
import type { AllowedHosts } from '../permissions/index.js';
import type { LoadedApp } from './load-app.js';

/** An app as a generation serves it: the loaded app and its engines' keys. */
export interface ServedVersion {
  readonly app: LoadedApp;
  readonly engineKeys: ReadonlyMap<string, string>;
}

/** What changes between the version serving and the next one. */
export function reloadChanges(before: ServedVersion, after: ServedVersion): ReloadChanges {
  const ids = [...after.app.manifest.components.keys()];
  return {
    restarted: [...after.engineKeys].filter(([id, key]) => before.engineKeys.get(id) !== key).map(([id]) => id),
    removed: [...before.app.manifest.components.keys()].filter((id) => !after.app.manifest.components.has(id)),
    policies: ids.filter((id) => policyText(before.app.policies.get(id)) !== policyText(after.app.policies.get(id))),
    routes: routeTable(before.app) !== routeTable(after.app),
  };
}

/**
 * True when `after` can be served by the generation serving `before`, swapping only
 * its policy table: same routes, same engines, same `/.well-known/spin/info`.
 */
export function onlyPoliciesChanged(before: ServedVersion, after: ServedVersion, changes: ReloadChanges): boolean {
  const { manifest: was } = before.app;
  const { manifest: is } = after.app;
  return (
    !changes.routes &&
    changes.restarted.length === 0 &&
    changes.removed.length === 0 &&
    before.engineKeys.size === after.engineKeys.size &&
    was.name === is.name &&
    was.version === is.version &&
    [...was.components.keys()].join('\0') === [...is.components.keys()].join('\0')
  );
}

/** A policy as written and as resolved; templates can resolve differently when variables change. */
function policyText(policy: AllowedHosts | undefined): string {
  if (policy === undefined) return '';
  return JSON.stringify([policy.entries, policy.resolutionError?.message], (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** The triggers without their line numbers, so a comment added above them is no change. */
function routeTable(app: LoadedApp): string {
  return JSON.stringify(app.manifest.httpTriggers.map(({ id, route, component, staticResponse, executor }) => [id, route, component, staticResponse, executor]));
}
