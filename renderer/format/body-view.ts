import type { CapturedBody, HeaderList } from '../../runtime/api/events.js';

/** How the detail pane shows a body. */
export type BodyView =
  | { readonly type: 'empty' }
  | { readonly type: 'json'; readonly value: unknown }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'binary'; readonly hex: string };

/** How many bytes of a binary body the hex view shows. */
export const HEX_VIEW_LIMIT = 64 * 1024;

/**
 * Picks the view for a captured body: JSON when it parses as JSON (and is not cut
 * short), text when it is valid UTF-8 without control bytes, else a hex dump.
 */
export function viewBody(body: CapturedBody, headers: HeaderList): BodyView {
  if (body.size === 0) return { type: 'empty' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.captured);
  } catch {
    return { type: 'binary', hex: hexDump(body.captured) };
  }
  // A truncated body usually stops mid-character; fatal decoding above would reject that, so check text-ness loosely.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { type: 'binary', hex: hexDump(body.captured) };
  const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!body.truncated && (/json/i.test(contentType) || /^\s*[[{]/.test(text))) {
    try {
      return { type: 'json', value: JSON.parse(text) };
    } catch {
      // Not JSON after all: show it as text.
    }
  }
  return { type: 'text', text };
}

/** `bytes` as lines of offset, 16 hex bytes and their printable ASCII, up to {@link HEX_VIEW_LIMIT}. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, HEX_VIEW_LIMIT);
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = [...row].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > end) lines.push(`… ${bytes.length - end} more bytes`);
  return lines.join('\n');
}
