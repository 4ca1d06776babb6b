/** One match of a search in a body's text: `[start, end)` in UTF-16 units. */
export interface TextMatch {
  readonly start: number;
  readonly end: number;
}

/** A piece of text as the search shows it: plain, or the `match`-th match. */
export interface TextPiece {
  readonly text: string;
  readonly match?: number;
}

/** How many matches a search marks at most; a body with more says so. */
export const MAX_MATCHES = 10_000;

/** Where `query` occurs in `text`, ignoring case, without overlaps, up to {@link MAX_MATCHES}. */
export function findMatches(text: string, query: string): TextMatch[] {
  if (query === '') return [];
  const haystack = text.toLowerCase();
  const needle = query.toLowerCase();
  // Lower-casing can change a string's length (İ becomes two units): then match on the text as it is.
  const [inText, forQuery] = haystack.length === text.length && needle.length === query.length ? [haystack, needle] : [text, query];
  const matches: TextMatch[] = [];
  for (let at = inText.indexOf(forQuery); at >= 0 && matches.length < MAX_MATCHES; at = inText.indexOf(forQuery, at + forQuery.length)) {
    matches.push({ start: at, end: at + forQuery.length });
  }
  return matches;
}

/** `text` cut into pieces at `matches` (in order, not overlapping), so each match can be marked. */
export function textPieces(text: string, matches: readonly TextMatch[]): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  matches.forEach((match, index) => {
    if (match.start > at) pieces.push({ text: text.slice(at, match.start) });
    pieces.push({ text: text.slice(match.start, match.end), match: index });
    at = match.end;
  });
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at) });
  return pieces;
}
