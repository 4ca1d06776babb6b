import { predominantQuoteStyle, quoteTomlString, type QuoteStyle } from './toml-string.js';

/** One string element of an array as written: its span in the text and its value. */
export interface ElementSpan {
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

/** An array value as written: `text[start]` is `[`, `text[end - 1]` is `]`. */
export interface ArraySpan {
  readonly start: number;
  readonly end: number;
  readonly elements: readonly ElementSpan[];
}

/** A multi-line array element with everything on its line(s) that belongs to it. */
interface Line {
  /** Blank lines, and comment lines above a blank line: they stay when the element goes. */
  detached: string;
  /** Comment lines right above the element: they go with it. */
  readonly attached: string;
  /** Leading whitespace; undefined when the element shares a line with the one before. */
  readonly indent: string | undefined;
  readonly raw: string;
  readonly value: string;
  /** Whitespace between the value and its comma. */
  readonly gap: string;
  readonly comma: boolean;
  /** The rest of the line after the comma: blanks and a comment. */
  readonly trailing: string;
  /** The line break ending the element's line; empty when something follows on the same line. */
  readonly newline: string;
}

/**
 * The text replacing `array` so that it holds `entries`, in the array's own style:
 * a single-line array stays single-line with its spacing and trailing comma; a
 * multi-line array keeps each kept element's line byte-for-byte (comment included)
 * and its comma style, drops a removed element's line with the comments right above
 * it, and writes new elements like the others. New strings are quoted the way most
 * existing ones are. No entries at all is `[]`.
 */
export function renderArray(text: string, array: ArraySpan, entries: readonly string[], eol: string): string {
  if (entries.length === 0) return '[]';
  const style = predominantQuoteStyle(array.elements.map((element) => text.slice(element.start, element.end)));
  const body = text.slice(array.start, array.end);
  return body.includes('\n') ? renderMultiLine(text, array, entries, style, eol) : renderSingleLine(text, array, entries, style);
}

function renderSingleLine(text: string, array: ArraySpan, entries: readonly string[], style: QuoteStyle): string {
  const [first, second] = array.elements;
  const last = array.elements.at(-1);
  const pad = first === undefined ? '' : text.slice(array.start + 1, first.start);
  const separator = first !== undefined && second !== undefined ? text.slice(first.end, second.start) : ', ';
  const tail = last === undefined ? '' : text.slice(last.end, array.end - 1);
  const items = matchElements(array.elements, entries).map(({ entry, element }) =>
    element === undefined ? quoteTomlString(entry, style) : text.slice(element.start, element.end),
  );
  return `[${pad}${items.join(separator)}${tail}]`;
}

function renderMultiLine(text: string, array: ArraySpan, entries: readonly string[], style: QuoteStyle, eol: string): string {
  const { opening, lines, closing } = splitLines(text, array);
  const matched = matchElements(lines, entries);
  const kept = new Set(matched.flatMap(({ element }) => (element === undefined ? [] : [element])));
  // A removed element's detached lines (blank lines, section comments) move down to the next kept one.
  let carried = '';
  for (const line of lines) {
    if (kept.has(line)) {
      line.detached = carried + line.detached;
      carried = '';
    } else {
      carried += line.detached;
    }
  }
  const ownLines = lines.filter((line) => line.indent !== undefined);
  const indent = ownLines.at(-1)?.indent ?? `${/^[ \t]*/.exec(closing.split('\n').at(-1) ?? '')?.[0] ?? ''}    `;
  const trailingComma = lines.at(-1)?.comma ?? true;
  let out = `[${opening}`;
  matched.forEach(({ entry, element }, index) => {
    if (!out.endsWith('\n')) out += eol;
    const comma = index < matched.length - 1 || trailingComma;
    if (element === undefined) {
      out += `${indent}${quoteTomlString(entry, style)}${comma ? ',' : ''}${eol}`;
      return;
    }
    const { detached, attached, raw, gap, trailing, newline } = element;
    out += `${detached}${attached}${element.indent ?? indent}${raw}${comma ? `${gap},` : ''}${trailing}${newline}`;
  });
  return `${out}${carried}${closing}]`;
}

function splitLines(text: string, array: ArraySpan): { opening: string; lines: Line[]; closing: string } {
  const firstBreak = text.indexOf('\n', array.start) + 1;
  const firstElement = array.elements[0];
  // `[` alone on its line (maybe with a comment) opens the layout; `["a",` puts the first element beside it.
  let cursor = firstElement === undefined || firstBreak <= firstElement.start ? firstBreak : array.start + 1;
  const opening = text.slice(array.start + 1, cursor);
  const lines = array.elements.map((element): Line => {
    const lineStart = text.lastIndexOf('\n', element.start - 1) + 1;
    const ownLine = lineStart >= cursor && text.slice(lineStart, element.start).trim() === '';
    const lead = ownLine ? text.slice(cursor, lineStart) : '';
    const split = lead.search(/(?:^|\n)(?:[ \t]*#[^\n]*\n)*$/);
    const detachedEnd = split <= 0 ? (lead.startsWith('\n') ? 1 : 0) : split + 1;
    const afterValue = /^([ \t]*),/.exec(text.slice(element.end, array.end - 1));
    const restStart = afterValue === null ? element.end : element.end + afterValue[0].length;
    const rest = /^[ \t]*(?:#[^\n]*?)?(\r?\n)/.exec(text.slice(restStart, array.end - 1));
    const trailing = rest === null ? '' : rest[0].slice(0, rest[0].length - (rest[1] ?? '').length);
    const newline = rest?.[1] ?? '';
    cursor = rest === null ? restStart : restStart + rest[0].length;
    return {
      detached: lead.slice(0, detachedEnd),
      attached: lead.slice(detachedEnd),
      indent: ownLine ? text.slice(lineStart, element.start) : undefined,
      raw: text.slice(element.start, element.end),
      value: element.value,
      gap: afterValue?.[1] ?? '',
      comma: afterValue !== null,
      trailing,
      newline,
    };
  });
  return { opening, lines, closing: text.slice(cursor, array.end - 1) };
}

/** Pairs each entry with the first unused element of the same value, in `entries` order. */
function matchElements<T extends { readonly value: string }>(elements: readonly T[], entries: readonly string[]): { entry: string; element: T | undefined }[] {
  const unused = [...elements];
  return entries.map((entry) => {
    const index = unused.findIndex((element) => element.value === entry);
    const element = index < 0 ? undefined : unused.splice(index, 1)[0];
    return { entry, element };
  });
}
