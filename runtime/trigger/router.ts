/**
 * The HTTP trigger's router, built as Spin's `Router::build` builds it
 * (`crates/routes/src/lib.rs`): which component (or `static_response` trigger) serves a
 * path, and the route facts Spin passes to a component as `spin-*` request headers.
 */
import type { StaticResponse } from '../manifest/index.js';
import { btreeMapOrder } from './btree-map-order.js';
import { RouteError } from './route-error.js';
import { compareRouteSpecs, hasMidRouteWildcard, matchRouteSpec, parseRouteSpec, type Segment } from './route-spec.js';

type TriggerPath = { readonly kind: 'path'; readonly pattern: string } | { readonly kind: 'private' };

/**
 * One `[[trigger.http]]` entry, as the manifest layer hands it over: it runs a component,
 * or (with its trigger `id`) answers with a static response.
 */
export type TriggerRoute =
  | { readonly route: TriggerPath; readonly component: string; readonly staticResponse?: never }
  | { readonly route: TriggerPath; readonly id: string; readonly staticResponse: StaticResponse; readonly component?: never };

/**
 * Who answers a route, as Spin's `TriggerLookupKey` names it: a component, or a
 * `static_response` trigger by its id.
 */
export type RouteOwner = { readonly component: string; readonly staticTrigger?: never } | { readonly staticTrigger: string; readonly component?: never };

/** A {@link RouteOwner} with what it needs to answer: a static trigger carries its response. */
export type RouteTarget =
  | { readonly component: string; readonly staticTrigger?: never; readonly staticResponse?: never }
  | { readonly staticTrigger: string; readonly staticResponse: StaticResponse; readonly component?: never };

/** A routed request: who handles it and the values of Spin's route headers. */
export type RouteMatch = RouteTarget & RouteFacts;

/** Where a request was routed: the values of Spin's route headers. */
interface RouteFacts {
  /** `spin-matched-route`: the route made absolute, one trailing `/` dropped (`""` for `/`). */
  readonly matchedRoute: string;
  /** `spin-raw-component-route`: the route exactly as written in the manifest. */
  readonly rawRoute: string;
  /** `spin-component-route`: the raw route without a trailing `/...` (`/*` is kept). */
  readonly componentRoute: string;
  /** `spin-base-path`: always `/` (spec §15.64: any other `base` is a manifest error). */
  readonly basePath: '/';
  /** `spin-path-info`: what the trailing wildcard matched, `""` for exact routes. */
  readonly pathInfo: string;
  /** `:name` captures in pattern order; a repeated name keeps its last value. */
  readonly pathMatches: readonly (readonly [name: string, value: string])[];
}

/**
 * A route as `spin up` lists it under "Available Routes", where a static response shows
 * its trigger id in place of a component id.
 */
export type RouteListing = RouteOwner & {
  /** The route without its wildcard suffix; `/` for the root. */
  readonly path: string;
  readonly wildcard: boolean;
  /** Spin's display text, e.g. `/whee (wildcard)`, printed after the base URL. */
  readonly display: string;
};

/** Something `spin up` logs as an error at startup without refusing to run. */
export type RouterWarning =
  | {
      readonly kind: 'duplicate-route';
      readonly route: string;
      /** The component id, or trigger id for a static response, that will never be used for `route`. */
      readonly replacedId: string;
      /** Who serves `route` instead: the later trigger's component or trigger id. */
      readonly effectiveId: string;
      readonly message: string;
    }
  | { readonly kind: 'reserved-route'; readonly message: string }
  | { readonly kind: 'mid-route-wildcard'; readonly route: string; readonly id: string; readonly message: string };

/** The heading Spin logs above the duplicate-route lines. */
const DUPLICATE_ROUTES_HEADING = 'The following component routes are duplicates and will never be used:';

/**
 * What `spin up` logs about a route table (`HttpServer::new`), one message per warning
 * and the duplicates together under Spin's heading, one indented line each.
 */
export function routerWarningMessages(warnings: readonly RouterWarning[]): string[] {
  const duplicates = warnings.flatMap((warning) => (warning.kind === 'duplicate-route' ? [`  ${warning.message}`] : []));
  return [
    ...(duplicates.length === 0 ? [] : [[DUPLICATE_ROUTES_HEADING, ...duplicates].join('\n')]),
    ...warnings.flatMap((warning) => (warning.kind === 'duplicate-route' ? [] : [warning.message])),
  ];
}

/** Spin answers requests under this prefix itself (`health`, `info`). */
export const WELL_KNOWN_PREFIX = '/.well-known/spin/';

/** A built router: immutable, so a reload builds a new one and swaps it in. */
export interface Router {
  /** Routes in the order they are tried, as `spin up` prints them. */
  routes(): readonly RouteListing[];
  /** Duplicates and other routes Spin warns about; empty for a clean table. */
  readonly warnings: readonly RouterWarning[];
  /** Every component of the trigger table, private ones and those a duplicate route hides included (spec §10.46). */
  readonly components: ReadonlySet<string>;
  /**
   * The best match for a request path (without query), or undefined for Spin's 404.
   * Throws a RouteError where Spin's router panics (a `*` before the end of a route).
   */
  route(path: string): RouteMatch | undefined;
  /**
   * spec §10.44-45: the synthetic `/...` match for a chained request to `component`.
   * Throws a RouteError ("unknown routing destination") for a component outside the table.
   */
  chain(component: string, path: string): RouteMatch;
}

interface RouteEntry {
  readonly target: RouteTarget;
  readonly rawRoute: string;
  readonly basedRoute: string;
  readonly segments: readonly Segment[];
  /** The route without its wildcard suffix, for listings. */
  readonly prefix: string;
  readonly wildcard: boolean;
}

/**
 * spec §15.64: builds the router for a trigger table. Private routes join the table but not the
 * router; a later route with the same text as an earlier one replaces it in the
 * earlier one's position (and is reported as a warning). Throws a RouteError for a
 * pattern routefinder rejects, with Spin's message.
 */
export function buildRouter(triggers: readonly TriggerRoute[]): Router {
  // A losing component stays in the table, so chaining still reaches it (Spin's `component_trigger_configs`).
  const components = new Set(triggers.flatMap((trigger) => (trigger.component === undefined ? [] : [trigger.component])));
  const warnings: RouterWarning[] = [];
  // Spin keys its table by the raw route text, in an IndexMap: re-inserting a key
  // replaces the value but keeps the first position.
  const byRawRoute = new Map<string, { target: RouteTarget; basedRoute: string }>();
  for (const trigger of triggers) {
    if (trigger.route.kind === 'private') continue;
    const rawRoute = trigger.route.pattern;
    const next = { target: targetOf(trigger), basedRoute: basedRoute(rawRoute) };
    const replaced = byRawRoute.get(rawRoute);
    byRawRoute.set(rawRoute, next);
    if (replaced !== undefined) warnings.push(duplicateWarning(replaced, idOf(next.target)));
  }

  // Precedence is routefinder's key order (route-spec.ts), replayed through a B-tree
  // because that order is not total; a request goes to the first route that matches.
  const entries = [...byRawRoute].map(([rawRoute, { target, basedRoute }]) => parseEntry(rawRoute, basedRoute, target));
  const ordered = btreeMapOrder(entries, (a, b) => compareRouteSpecs(a.segments, b.segments));

  if (ordered.some((entry) => entry.basedRoute.startsWith(WELL_KNOWN_PREFIX))) {
    warnings.push({
      kind: 'reserved-route',
      message: `Routes under ${WELL_KNOWN_PREFIX} are handled by the Spin runtime and will never be reached`,
    });
  }
  for (const entry of ordered) {
    if (!hasMidRouteWildcard(entry.segments)) continue;
    const id = idOf(entry.target);
    warnings.push({
      kind: 'mid-route-wildcard',
      route: entry.rawRoute,
      id,
      message: `${id}: route ${entry.rawRoute} has a wildcard before its end; Spin's router panics on requests that reach it`,
    });
  }

  const listings = ordered.map(listingOf);
  return {
    warnings,
    components,
    routes: () => listings,
    route(path) {
      for (const entry of ordered) {
        const captures = matchRouteSpec(entry.segments, path);
        if (captures === undefined) continue;
        return {
          ...entry.target,
          matchedRoute: entry.basedRoute,
          rawRoute: entry.rawRoute,
          componentRoute: stripWildcardSuffix(entry.rawRoute),
          basePath: '/',
          pathInfo: trailingWildcard(captures.wildcard, path),
          pathMatches: lastValuePerName(captures.params),
        };
      }
      return undefined;
    },
    chain(component, path) {
      if (!components.has(component)) {
        throw new RouteError(`unknown routing destination '${component}'`, { component });
      }
      return syntheticRouteMatch(component, path);
    },
  };
}

/**
 * Spin's `RouteMatch::synthetic` for service chaining (spec §10.44): the route is
 * `/...`, so `spin-path-info` is the whole path and the component route is empty.
 */
export function syntheticRouteMatch(component: string, path: string): RouteMatch {
  return {
    component,
    matchedRoute: '/...',
    rawRoute: '/...',
    componentRoute: '',
    basePath: '/',
    pathInfo: path,
    pathMatches: [],
  };
}

/** `sanitize_with_base("/", route)`: make absolute, then drop one trailing slash. */
function basedRoute(rawRoute: string): string {
  const absolute = rawRoute.startsWith('/') ? rawRoute : `/${rawRoute}`;
  return absolute.endsWith('/') ? absolute.slice(0, -1) : absolute;
}

function targetOf(trigger: TriggerRoute): RouteTarget {
  return trigger.component === undefined ? { staticTrigger: trigger.id, staticResponse: trigger.staticResponse } : { component: trigger.component };
}

/** `Display for TriggerLookupKey`: the component id, or the trigger id of a static response. */
function idOf(target: RouteTarget): string {
  return target.component ?? target.staticTrigger;
}

/** `Router::parse_route`: `/...` and `/*` are trailing wildcards, everything else is literal pattern text. */
function parseEntry(rawRoute: string, based: string, target: RouteTarget): RouteEntry {
  let pattern = based;
  let prefix = based;
  let wildcard = false;
  if (based.endsWith('/...')) {
    prefix = based.slice(0, -'/...'.length);
    pattern = `${prefix}/*`;
    wildcard = true;
  } else if (based.endsWith('/*')) {
    prefix = based.slice(0, -'/*'.length);
    wildcard = true;
  }
  try {
    return { target, rawRoute, basedRoute: based, segments: parseRouteSpec(pattern), prefix, wildcard };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RouteError(`Error parsing route ${based} associated with component ${idOf(target)}: ${reason}`, {
      route: rawRoute,
      ...(target.component === undefined ? {} : { component: target.component }),
    }, { cause: error });
  }
}

function duplicateWarning(replaced: { target: RouteTarget; basedRoute: string }, effectiveId: string): RouterWarning {
  // `DuplicateRoute::route` shows the root's empty based route as `/`.
  const route = replaced.basedRoute === '' ? '/' : replaced.basedRoute;
  const replacedId = idOf(replaced.target);
  return { kind: 'duplicate-route', route, replacedId, effectiveId, message: `${replacedId}: ${route} (duplicate of ${effectiveId})` };
}

function listingOf(entry: RouteEntry): RouteListing {
  const { target } = entry;
  return {
    ...(target.component === undefined ? { staticTrigger: target.staticTrigger } : { component: target.component }),
    path: entry.prefix === '' ? '/' : entry.prefix,
    wildcard: entry.wildcard,
    // `Display for ParsedRoute` prints the raw prefix, so the root wildcard shows as ` (wildcard)`.
    display: entry.wildcard ? `${entry.prefix} (wildcard)` : entry.prefix,
  };
}

/** `raw_route_or_prefix`: only `/...` is stripped. */
function stripWildcardSuffix(rawRoute: string): string {
  return rawRoute.endsWith('/...') ? rawRoute.slice(0, -'/...'.length) : rawRoute;
}

/**
 * `RouteMatchKind::trailing_wildcard`: routefinder drops trailing slashes but Spin
 * has always kept one, so `/foo/...` gives `""` for `/foo`, `/` for `/foo/`,
 * `/bar` for `/foo/bar` and `/bar/` for `/foo/bar/`.
 */
function trailingWildcard(captured: string | undefined, path: string): string {
  if (captured === undefined) return '';
  const slash = path.endsWith('/') ? '/' : '';
  return captured === '' ? slash : `/${captured}${slash}`;
}

/** Spin collects captures into a map, so a repeated `:name` keeps its last value. */
function lastValuePerName(params: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  return [...new Map(params)];
}
