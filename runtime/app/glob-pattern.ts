/**
 * A port of the Rust `glob` crate's `Pattern` (0.3.3, the version Spin locks), matched
 * with its default `MatchOptions`: case-sensitive, and `*`, `?` and `[...]` match `/`
 * and a leading `.` too. Spin's loader compiles `exclude_files` this way and matches
 * each one against a whole path, so `secrets/*` excludes everything below `secrets/`;
 * its file walk (glob-walk.ts) matches one path component at a time.
 *
 * picomatch (used by runtime/watch) cannot stand in: its `*` and `?` never match `/`,
 * `a**` is a plain `*` there rather than an error, and an unclosed `[` is a literal.
 */

/** The crate's `PatternError`, whose Display Spin prints. */
export class PatternError extends Error {
  /** The index (in characters) the crate reports. */
  readonly pos: number;
  readonly msg: string;

  constructor(pos: number, msg: string) {
    super(`Pattern syntax error near position ${pos}: ${msg}`);
    this.pos = pos;
    this.msg = msg;
  }
}

const ERROR_WILDCARDS = 'wildcards are either regular `*` or recursive `**`';
const ERROR_RECURSIVE_WILDCARDS = 'recursive wildcards must form a single path component';
const ERROR_INVALID_RANGE = 'invalid range pattern';

/** An inclusive range of code points; a single character is a range of one. */
type CharSpecifier = readonly [start: number, end: number];

type Token =
  | { readonly kind: 'char'; readonly char: string }
  | { readonly kind: 'any-char' }
  | { readonly kind: 'any-sequence' }
  | { readonly kind: 'any-recursive-sequence' }
  | { readonly kind: 'any-within'; readonly specifiers: readonly CharSpecifier[] }
  | { readonly kind: 'any-except'; readonly specifiers: readonly CharSpecifier[] };

/** The crate's three-way `MatchResult`. */
type MatchResult = 'match' | 'sub-pattern-doesnt-match' | 'entire-pattern-doesnt-match';

/** A compiled pattern, as `glob::Pattern::new` builds it. */
export class GlobPattern {
  readonly original: string;
  readonly tokens: readonly Token[];
  /** Contains a `**` component. */
  readonly isRecursive: boolean;
  readonly hasMetachars: boolean;

  private constructor(original: string, tokens: Token[], isRecursive: boolean, hasMetachars: boolean) {
    this.original = original;
    this.tokens = tokens;
    this.isRecursive = isRecursive;
    this.hasMetachars = hasMetachars;
  }

  /** `Pattern::new`. @throws {PatternError} with the crate's position and message. */
  static compile(pattern: string): GlobPattern {
    const chars = Array.from(pattern);
    const tokens: Token[] = [];
    let isRecursive = false;
    let hasMetachars = false;
    let i = 0;
    while (i < chars.length) {
      const c = chars[i];
      if (c === '?') {
        hasMetachars = true;
        tokens.push({ kind: 'any-char' });
        i++;
      } else if (c === '*') {
        hasMetachars = true;
        const old = i;
        while (i < chars.length && chars[i] === '*') i++;
        const count = i - old;
        if (count > 2) throw new PatternError(old + 2, ERROR_WILDCARDS);
        if (count < 2) {
          tokens.push({ kind: 'any-sequence' });
          continue;
        }
        // `**` must be a whole path component: at the start or after a separator, and
        // followed by a separator (which it swallows) or the end.
        if (i !== 2 && chars[old - 1] !== '/') throw new PatternError(old - 1, ERROR_RECURSIVE_WILDCARDS);
        if (i < chars.length && chars[i] === '/') i++;
        else if (i !== chars.length) throw new PatternError(i, ERROR_RECURSIVE_WILDCARDS);
        const last = tokens.at(-1);
        if (!(tokens.length > 1 && last?.kind === 'any-recursive-sequence')) {
          isRecursive = true;
          tokens.push({ kind: 'any-recursive-sequence' });
        }
      } else if (c === '[') {
        hasMetachars = true;
        const range = readRange(chars, i);
        if (range === undefined) throw new PatternError(i, ERROR_INVALID_RANGE);
        tokens.push(range.token);
        i = range.next;
      } else {
        tokens.push({ kind: 'char', char: c ?? '' });
        i++;
      }
    }
    return new GlobPattern(pattern, tokens, isRecursive, hasMetachars);
  }

  /** `Pattern::matches` (and `matches_path` for a UTF-8 path) with the default options. */
  matches(text: string): boolean {
    return matchFrom(this.tokens, 0, Array.from(text), 0, true) === 'match';
  }
}

/** Whether Spin takes `text` for a glob (`glob::Pattern::escape(s) != s`): it holds `?`, `*`, `[` or `]`. */
export function looksLikeGlob(text: string): boolean {
  return /[?*[\]]/.test(text);
}

// `[...]` and `[!...]`: a `]` right after the opening bracket belongs to the set.
function readRange(chars: string[], i: number): { token: Token; next: number } | undefined {
  if (i + 4 <= chars.length && chars[i + 1] === '!') {
    const j = chars.indexOf(']', i + 3);
    if (j !== -1) return { token: { kind: 'any-except', specifiers: parseSpecifiers(chars.slice(i + 2, j)) }, next: j + 1 };
  } else if (i + 3 <= chars.length && chars[i + 1] !== '!') {
    const j = chars.indexOf(']', i + 2);
    if (j !== -1) return { token: { kind: 'any-within', specifiers: parseSpecifiers(chars.slice(i + 1, j)) }, next: j + 1 };
  }
  return undefined;
}

function parseSpecifiers(chars: string[]): CharSpecifier[] {
  const specifiers: CharSpecifier[] = [];
  let i = 0;
  while (i < chars.length) {
    if (i + 3 <= chars.length && chars[i + 1] === '-') {
      specifiers.push([codePoint(chars[i]), codePoint(chars[i + 2])]);
      i += 3;
    } else {
      specifiers.push([codePoint(chars[i]), codePoint(chars[i])]);
      i++;
    }
  }
  return specifiers;
}

function codePoint(char: string | undefined): number {
  return char?.codePointAt(0) ?? 0;
}

function inSpecifiers(specifiers: readonly CharSpecifier[], char: string): boolean {
  const c = codePoint(char);
  return specifiers.some(([start, end]) => c >= start && c <= end);
}

// `Pattern::matches_from`: backtracking over `*` and `**`, where running out of text
// before a literal means no later split can match either (EntirePatternDoesntMatch).
function matchFrom(tokens: readonly Token[], first: number, text: string[], start: number, followsSeparator: boolean): MatchResult {
  let pos = start;
  let follows = followsSeparator;
  for (let t = first; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === 'any-sequence' || token.kind === 'any-recursive-sequence') {
      const empty = matchFrom(tokens, t + 1, text, pos, follows);
      if (empty !== 'sub-pattern-doesnt-match') return empty;
      while (pos < text.length) {
        follows = text[pos++] === '/';
        // `**` only resumes matching right after a separator.
        if (token.kind === 'any-recursive-sequence' && !follows) continue;
        const rest = matchFrom(tokens, t + 1, text, pos, follows);
        if (rest !== 'sub-pattern-doesnt-match') return rest;
      }
      // The text is used up; the remaining tokens are tried against nothing.
      continue;
    }
    if (pos >= text.length) return 'entire-pattern-doesnt-match';
    const c = text[pos++]!;
    const matched =
      token.kind === 'any-char' ||
      (token.kind === 'any-within' && inSpecifiers(token.specifiers, c)) ||
      (token.kind === 'any-except' && !inSpecifiers(token.specifiers, c)) ||
      (token.kind === 'char' && token.char === c);
    if (!matched) return 'sub-pattern-doesnt-match';
    follows = c === '/';
  }
  return pos >= text.length ? 'match' : 'sub-pattern-doesnt-match';
}
