import type { RouteInfo } from '../api/contract.js';

/** A route as both `RunningApp.routes` and `AppStatus.routes` list it. */
type ListedRoute = Pick<RouteInfo, 'component' | 'staticTrigger' | 'path' | 'wildcard'>;

/**
 * `spin up`'s listing: `Serving <origin>`, then one `  <id>: <url>[ (wildcard)]` per route,
 * the id being the component's, or a static response's trigger id.
 */
export function routeLines(origin: string, routes: readonly ListedRoute[]): string[] {
  const lines = [`Serving ${origin}`, 'Available Routes:'];
  for (const route of routes) {
    lines.push(`  ${route.component ?? route.staticTrigger}: ${origin}${route.path === '/' ? '' : route.path}${route.wildcard ? ' (wildcard)' : ''}`);
  }
  return lines;
}
