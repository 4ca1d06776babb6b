import type { ComponentInfo } from '../api/contract.js';
import type { LoadedApp } from '../app/index.js';
import { parseTemplate, renderTemplate, VariableError } from '../variables/index.js';

/**
 * The components panel's view of an app: each component in manifest order with the
 * routes its HTTP triggers give it (a private one as `route: ''`, `private: true`) and
 * its allowed_outbound_hosts as written and with `{{ variables }}` expanded, and the
 * key-value stores and SQLite databases it may open, each as served (session changes included).
 */
export function describeComponents(app: LoadedApp): ComponentInfo[] {
  return [...app.manifest.components.values()].map((component) => ({
    id: component.id,
    ...(component.description === undefined ? {} : { description: component.description }),
    routes: app.manifest.httpTriggers
      .filter((trigger) => trigger.component === component.id)
      .map((trigger) => (trigger.route.kind === 'path' ? { route: absolute(trigger.route.pattern), private: false } : { route: '', private: true })),
    allowedOutboundHosts: component.allowedOutboundHosts.map((raw) => {
      const resolved = resolveEntry(raw, app);
      return resolved === undefined ? { raw } : { raw, resolved };
    }),
    keyValueStores: component.keyValueStores,
    sqliteDatabases: component.sqliteDatabases,
  }));
}

// A template the loader let through can still be unparseable or name a variable with
// no value (spec §11.50: such a policy denies everything); then there is nothing to show.
function resolveEntry(raw: string, app: LoadedApp): string | undefined {
  try {
    return renderTemplate(parseTemplate(raw), (name) => app.variables.get(name));
  } catch (error) {
    if (error instanceof VariableError) return undefined;
    throw error;
  }
}

/** A route as the router reads it: a pattern written without a leading `/` gets one (spec §15.64). */
function absolute(pattern: string): string {
  return pattern.startsWith('/') ? pattern : `/${pattern}`;
}
