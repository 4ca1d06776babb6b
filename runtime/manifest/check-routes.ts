import type { HttpTrigger } from './app-manifest.js';
import { ManifestError } from './manifest-error.js';

/**
 * Rejects two HTTP triggers with the same route. Spin only logs this and routes to
 * the later trigger (spec §15.64), which leaves the earlier component unreachable;
 * Spinscope makes it an error. Routes compare as Spin's router keys them, with a
 * leading `/` and without one trailing `/`.
 */
export function checkDuplicateRoutes(triggers: readonly HttpTrigger[], file: string): void {
  const seen = new Map<string, HttpTrigger>();
  for (const trigger of triggers) {
    if (trigger.route.kind !== 'path') continue;
    const key = routeKey(trigger.route.pattern);
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, trigger);
      continue;
    }
    const where = earlier.line === undefined ? '' : ` (line ${earlier.line})`;
    throw new ManifestError(
      `duplicate route ${JSON.stringify(trigger.route.pattern)}: trigger ${JSON.stringify(earlier.id)}${where} already routes it to ` +
        `component ${JSON.stringify(earlier.component)}; Spin would send every request to the later trigger, so give each trigger its own route`,
      { file, ...(trigger.line !== undefined && { line: trigger.line }), component: trigger.component },
    );
  }
}

function routeKey(pattern: string): string {
  return pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
}
