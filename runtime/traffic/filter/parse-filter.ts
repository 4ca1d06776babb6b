import { closestKey, filterKey, type FilterKey, type FilterOperator } from './filter-keys.js';
import { matchRegex, matchText, type RowMatcher } from './text-matchers.js';
import { tokenizeFilter, unquote } from './tokenize-filter.js';

/** One term of a parsed filter: every term must pass (a negated one must fail) for a row to show. */
export interface FilterTerm {
  /** The term as typed, e.g. `-status:404`. */
  readonly source: string;
  readonly negated: boolean;
  /** Whether a row passes the term before negation. */
  readonly matches: RowMatcher;
  /** It searches headers or bodies, so is best tried after the terms that compare a field. */
  readonly searchesText: boolean;
}

/** Something wrong with a term: an error leaves the term out; a warning keeps it (as text). */
export interface FilterProblem {
  readonly severity: 'error' | 'warning';
  /** Where the term sits in the query. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** A filter query parsed once, for the list to match every row against. */
export interface ParsedFilter {
  /** The query as typed. */
  readonly text: string;
  readonly terms: readonly FilterTerm[];
  readonly problems: readonly FilterProblem[];
}

/** How a token is put together: `-` for negation, then `key<op>value`, or just text. */
export interface TermParts {
  readonly negated: boolean;
  /** Where the key, or the text of a keyless term, begins in the token (1 after a `-`). */
  readonly bodyStart: number;
  /** The key as typed and its operator, when the token has a `key:` (or `key>`) shape. */
  readonly key?: string;
  readonly operator?: FilterOperator;
  /** Where the value begins in the token (its end when there is no key). */
  readonly valueStart: number;
}

const KEYED = /^([a-z][a-z-]*)(>=|<=|:|>|<)/i;
const REGEX = /^\/(.+)\/$/s;

/** Splits a token (as {@link tokenizeFilter} cut it) into negation, key, operator and value. */
export function termParts(raw: string): TermParts {
  const negated = raw.length > 1 && raw.startsWith('-');
  const bodyStart = negated ? 1 : 0;
  const keyed = KEYED.exec(raw.slice(bodyStart));
  if (keyed === null) return { negated, bodyStart, valueStart: raw.length };
  return { negated, bodyStart, key: keyed[1]!, operator: keyed[2] as FilterOperator, valueStart: bodyStart + keyed[0].length };
}

/**
 * Parses a filter query: whitespace-separated terms, all of which must hold. A term is
 * `key:value` (a comma list for keys that take one), `duration>200ms`, a flag such as
 * `has-error`, `/regex/`, or free text; a leading `-` negates it. A bad value or
 * regular expression is an error that leaves its term out; a key that is a near miss of
 * a real one is searched as text, with a warning naming the key it resembles.
 */
export function parseFilter(text: string): ParsedFilter {
  const terms: FilterTerm[] = [];
  const problems: FilterProblem[] = [];
  for (const token of tokenizeFilter(text)) {
    const parts = termParts(token.raw);
    const body = token.raw.slice(parts.bodyStart);
    const problem = (severity: FilterProblem['severity'], message: string): void => {
      problems.push({ severity, start: token.start, end: token.end, message });
    };
    const add = (matches: RowMatcher, searchesText = true): void => {
      terms.push({ source: token.raw, negated: parts.negated, matches, searchesText });
    };
    if (body === '' || body === '-') continue;
    const regex = REGEX.exec(body);
    if (regex !== null) {
      try {
        add(matchRegex(regex[1]!));
      } catch (error) {
        problem('error', `invalid regular expression ${body}: ${(error as SyntaxError).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '')}`);
      }
      continue;
    }
    // Without an operator only a flag is a key: a bare `status` is a word like any other.
    const key = parts.key === undefined ? flagNamed(body) : filterKey(parts.key);
    if (key === undefined) {
      const near = closestKey(parts.key ?? body);
      // A keyless near miss counts only for flags: `has-eror`, not every short word.
      if (near !== undefined && (parts.key !== undefined || near.operators.length === 0)) problem('warning', `unknown key \`${parts.key ?? body}\`; did you mean \`${near.name}\`? Searched as text.`);
      const words = unquote(body);
      if (words !== '') add(matchText(words));
      continue;
    }
    if (parts.operator === undefined) {
      const matcher = key.compile('', ':');
      if (typeof matcher === 'string') problem('error', matcher);
      else add(matcher, key.searchesText === true);
      continue;
    }
    if (key.operators.length === 0) {
      problem('error', `\`${key.name}\` takes no value`);
      continue;
    }
    if (!key.operators.includes(parts.operator)) {
      problem('error', `write \`${key.operators.map((operator) => `${key.name}${operator}`).join('` or `')}\``);
      continue;
    }
    const value = unquote(token.raw.slice(parts.valueStart)).trim();
    // `status:` with nothing after it yet: the value is still being typed.
    if (value === '') continue;
    const matcher = key.compile(value, parts.operator);
    if (typeof matcher === 'string') problem('error', matcher);
    else add(matcher, key.searchesText === true);
  }
  return { text, terms, problems };
}

function flagNamed(word: string): FilterKey | undefined {
  const key = filterKey(word);
  return key?.operators.length === 0 ? key : undefined;
}
