import type { HeaderList } from '../../runtime/api/events.js';

/** `headers` as text to edit, one `Name: value` a line. */
export function headerLines(headers: HeaderList): string {
  return headers.map(([name, value]) => `${name}: ${value}`).join('\n');
}

/**
 * Reads edited header text back: one `Name: value` a line (blank lines skipped), the
 * value without the spaces around it, as HTTP reads a field line (RFC 9112 §5). What
 * the name and value may hold is checked with the rest of the request.
 */
export function parseHeaderLines(text: string): { readonly headers: HeaderList } | { readonly problem: string } {
  const headers: (readonly [string, string])[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) return { problem: `header line ${index + 1} has no ":" between the name and the value` };
    headers.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return { headers };
}
