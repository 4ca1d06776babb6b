import type { CapturedBody, HeaderList } from '../../runtime/api/events.js';

/** How the detail pane shows a body. */
export type BodyView =
  | { readonly type: 'empty' }
  | { readonly type: 'json'; readonly value: unknown; readonly text: string }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image'; readonly mediaType: string }
  | { readonly type: 'binary'; readonly hex: string };

/** Ways to look at a body: its JSON tree, its text, the image it is, its bytes. */
export type BodyMode = 'tree' | 'text' | 'image' | 'hex';

/** How many bytes of a binary body the hex view shows. */
export const HEX_VIEW_LIMIT = 64 * 1024;

// Signatures of the image formats a browser shows, for a body without a content-type
// (a key-value value): the WHATWG MIME Sniffing standard's image patterns.
const IMAGE_SIGNATURES: readonly { readonly mediaType: string; readonly bytes: readonly (number | undefined)[] }[] = [
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  // RIFF....WEBPVP
  { mediaType: 'image/webp', bytes: [0x52, 0x49, 0x46, 0x46, undefined, undefined, undefined, undefined, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50] },
];

/**
 * Picks the view for a captured body: an image when its content-type says `image/*`
 * (or, without one, its first bytes are a PNG, JPEG, GIF or WebP); JSON when it parses
 * as JSON (and is not cut short); text when it is valid UTF-8 without control bytes;
 * else a hex dump.
 */
export function viewBody(body: CapturedBody, headers: HeaderList): BodyView {
  if (body.size === 0) return { type: 'empty' };
  const contentType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const mediaType = contentType === undefined ? sniffImage(body.captured) : contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType?.startsWith('image/')) return { type: 'image', mediaType };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.captured);
  } catch {
    return { type: 'binary', hex: hexDump(body.captured) };
  }
  // A truncated body usually stops mid-character; fatal decoding above would reject that, so check text-ness loosely.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { type: 'binary', hex: hexDump(body.captured) };
  if (!body.truncated && (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(text))) {
    try {
      return { type: 'json', value: JSON.parse(text), text };
    } catch {
      // Not JSON after all: show it as text.
    }
  }
  return { type: 'text', text };
}

/** The ways a body of `view` can be looked at, the one to start with first. */
export function bodyModes(view: BodyView): readonly BodyMode[] {
  switch (view.type) {
    case 'empty':
      return [];
    case 'json':
      return ['tree', 'text', 'hex'];
    case 'text':
      return ['text', 'hex'];
    case 'image':
      return ['image', 'hex'];
    case 'binary':
      return ['hex'];
  }
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

function sniffImage(bytes: Uint8Array): string | undefined {
  return IMAGE_SIGNATURES.find(({ bytes: signature }) => signature.length <= bytes.length && signature.every((byte, index) => byte === undefined || bytes[index] === byte))?.mediaType;
}
