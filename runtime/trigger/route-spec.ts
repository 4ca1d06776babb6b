/**
 * Route patterns as Spin's router library (`routefinder` 0.5.4, the version Spin
 * pins) parses, orders and matches them. Spin hands it every route after turning a
 * trailing `/...` into `/*`, so these rules decide what `spin up` serves.
 */
import { RouteError } from './route-error.js';

/** One piece of a parsed pattern: `/hello/:planet/*` is exact, slash, param, slash, wildcard. */
export type Segment =
  | { readonly kind: 'slash' }
  | { readonly kind: 'dot' }
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'wildcard' };

/** What a pattern captured from a path: `:name` params in pattern order, and the `*` tail. */
export interface SpecCaptures {
  readonly params: readonly (readonly [name: string, value: string])[];
  /** Absent when the pattern has no `*`. */
  readonly wildcard: string | undefined;
}

const SLASH: Segment = { kind: 'slash' };
const DOT: Segment = { kind: 'dot' };
const SEPARATOR_KINDS: ReadonlySet<Segment['kind']> = new Set(['dot', 'slash']);

/**
 * Parses a pattern into segments. Leading and trailing slashes are ignored, `.` and `/`
 * separate sections, a `.` glues onto a preceding exact section (`index.html` is one
 * exact segment), `:name` is a param and `*` the wildcard. Throws the library's message
 * for `*name` and a bare `:`; Spin prefixes it (see router.ts).
 */
export function parseRouteSpec(source: string): Segment[] {
  const trimmed = trimSlashes(source);
  const segments: Segment[] = [];
  const ends = [...separatorIndices(trimmed), trimmed.length];
  let start = 0;
  for (const end of ends) {
    const separator = start === 0 ? undefined : trimmed[start - 1];
    const section = trimmed.slice(start, end);
    start = end + 1;
    const segment = sectionSegment(section);
    if (separator === '.') {
      const last = segments.at(-1);
      if (last?.kind === 'exact') segments[segments.length - 1] = { kind: 'exact', text: `${last.text}.` };
      else segments.push(DOT);
    }
    if (segment !== undefined) {
      if (separator === '/') segments.push(SLASH);
      segments.push(segment);
    }
  }
  return segments;
}

/**
 * routefinder's `Ord for RouteSpec`, used as the key order of the map it keeps routes
 * in: the first differing segment decides (exact before param before wildcard), then
 * fewer dots, then fewer segments. It never answers "equal": a tie sorts the new
 * route after the existing one, which is why identical patterns keep insertion order.
 * Returns a negative number when `a` sorts first.
 */
export function compareRouteSpecs(a: readonly Segment[], b: readonly Segment[]): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const order = compareSegments(a[i] as Segment, b[i] as Segment);
    if (order !== 0) return -order;
  }
  const dots = Math.sign(countDots(a) - countDots(b));
  if (dots !== 0) return -dots;
  const length = Math.sign(b.length - a.length);
  if (length !== 0) return -length;
  return 1;
}

/**
 * Matches a path against a pattern (`RouteSpec::matches`). Leading and trailing slashes
 * of the path are ignored, a param takes one section (up to the next `/`, or `.` when a
 * dot follows it in the pattern), and the wildcard takes the rest, possibly nothing.
 * Throws a RouteError where routefinder panics: a `*` that is not the last segment.
 */
export function matchRouteSpec(segments: readonly Segment[], path: string): SpecCaptures | undefined {
  let rest = trimSlashes(path);
  const captured: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    const next = segments[i + 1];
    switch (segment.kind) {
      case 'exact':
        if (!rest.startsWith(segment.text)) return undefined;
        rest = rest.slice(segment.text.length);
        break;
      case 'param': {
        if (rest === '') return undefined;
        let end: number;
        if (next === undefined || next.kind === 'slash') {
          end = rest.indexOf('/');
          if (end < 0) end = rest.length;
        } else if (next.kind === 'dot') {
          end = rest.search(/[./]/);
          if (end < 0 || rest[end] !== '.') return undefined;
        } else {
          // Unreachable from ASCII patterns: the parser always puts a slash or dot after a param.
          throw new RouteError('param must be followed by a dot, a slash, or the end of the route');
        }
        captured.push(rest.slice(0, end));
        rest = rest.slice(end);
        break;
      }
      case 'wildcard':
        if (next !== undefined) {
          throw new RouteError(
            'wildcard must currently be the terminal segment, please file an issue if you have a use case for a mid-route *',
          );
        }
        captured.push(rest);
        rest = '';
        break;
      case 'slash':
        if (rest.startsWith('/') && next !== undefined) rest = rest.slice(1);
        else if (!(rest === '' && (next === undefined || next.kind === 'wildcard'))) return undefined;
        break;
      case 'dot':
        if (!rest.startsWith('.')) return undefined;
        rest = rest.slice(1);
        break;
    }
  }
  if (rest !== '' && rest !== '/') return undefined;
  return capturesOf(segments, captured);
}

/** True when a `*` is followed by more pattern: routefinder panics if a request reaches it. */
export function hasMidRouteWildcard(segments: readonly Segment[]): boolean {
  return segments.some((segment, i) => segment.kind === 'wildcard' && i < segments.length - 1);
}

function capturesOf(segments: readonly Segment[], captured: readonly string[]): SpecCaptures {
  const params: [string, string][] = [];
  let wildcard: string | undefined;
  let i = 0;
  for (const segment of segments) {
    if (segment.kind !== 'param' && segment.kind !== 'wildcard') continue;
    const value = captured[i++];
    if (value === undefined) break;
    if (segment.kind === 'param') params.push([segment.name, value]);
    else wildcard = value;
  }
  return { params, wildcard };
}

function sectionSegment(section: string): Segment | undefined {
  if (section === '') return undefined;
  if (section === '*') return { kind: 'wildcard' };
  if (section.startsWith('*')) {
    throw new RouteError(`since there can only be one wildcard, it doesn't need a name. replace \`${section}\` with \`*\``);
  }
  if (section === ':') throw new RouteError('params must be named');
  if (section.startsWith(':')) return { kind: 'param', name: section.slice(1) };
  return { kind: 'exact', text: section };
}

/** routefinder's `Ord for Segment`: exact > param > wildcard > slash, with a dot above all but slash and dot. */
function compareSegments(a: Segment, b: Segment): number {
  if (a.kind === b.kind) return 0;
  if (SEPARATOR_KINDS.has(a.kind) && SEPARATOR_KINDS.has(b.kind)) return 0;
  switch (a.kind) {
    case 'dot':
    case 'exact':
      return 1;
    case 'param':
      return b.kind === 'exact' ? -1 : 1;
    case 'wildcard':
      return b.kind === 'exact' || b.kind === 'param' ? -1 : 1;
    case 'slash':
      return -1;
  }
}

function countDots(segments: readonly Segment[]): number {
  return segments.filter((segment) => segment.kind === 'dot').length;
}

function separatorIndices(text: string): number[] {
  const indices: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '.' || text[i] === '/') indices.push(i);
  return indices;
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+/, '').replace(/\/+$/, '');
}
