/** One whitespace-separated piece of a filter query, where it sits in the text. */
export interface FilterToken {
  /** The token as typed, quotes included. */
  readonly raw: string;
  /** Offset of its first character in the query. */
  readonly start: number;
  /** Offset just past its last character. */
  readonly end: number;
}

/**
 * Splits a filter query at whitespace; whitespace inside double quotes stays in its
 * token (`body:"two words"`), and an unclosed quote runs to the end of the query.
 */
export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let start = -1;
  let quoted = false;
  for (let index = 0; index <= text.length; index++) {
    const char = text[index];
    const breaks = char === undefined || (!quoted && /\s/.test(char));
    if (breaks) {
      if (start >= 0) tokens.push({ raw: text.slice(start, index), start, end: index });
      start = -1;
      continue;
    }
    if (start < 0) start = index;
    if (char === '\\' && quoted) index++;
    else if (char === '"') quoted = !quoted;
  }
  return tokens;
}

/** `raw` without its double quotes, `\"` and `\\` inside quotes unescaped. */
export function unquote(raw: string): string {
  let out = '';
  let quoted = false;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (char === '"') quoted = !quoted;
    else if (char === '\\' && quoted && index + 1 < raw.length) out += raw[++index];
    else out += char;
  }
  return out;
}
