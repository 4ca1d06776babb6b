/** A route as both `RunningApp.routes` and `AppStatus.routes` list it. */
interface ListedRoute {
  readonly component: string;
  /** `/` for the root. */
  readonly path: string;
  readonly wildcard: boolean;
}

/** `spin up`'s listing: `Serving <origin>`, then one `  <component>: <url>[ (wildcard)]` per route. */
export function routeLines(origin: string, routes: readonly ListedRoute[]): string[] {
  const lines = [`Serving ${origin}`, 'Available Routes:'];
  for (const route of routes) {
    lines.push(`  ${route.component}: ${origin}${route.path === '/' ? '' : route.path}${route.wildcard ? ' (wildcard)' : ''}`);
  }
  return lines;
}
