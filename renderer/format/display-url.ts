/** Characters a decoded escape could be confused with: reserved delimiters (RFC 3986 §2.2) and `%` itself. */
const KEEP_ENCODED = new Set([...':/?#[]@!$&\'()*+,;=%']);
/** Controls, invisible format characters (bidi overrides, zero-width) and line or paragraph separators stay encoded: decoded, they could make a URL look like another. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * A URL as a developer reads it: percent-escapes of printable characters decoded
 * (`/caf%C3%A9?q=a%20b` shows as `/café?q=a b`), while escapes of delimiters
 * (`%2F`, `%3F`, `%26`...), of `%`, of invisible characters and of bytes that are not
 * UTF-8 stay as written, so what is shown still says which part is which. For display
 * only: the raw URL is what is copied and sent.
 */
export function displayUrl(raw: string): string {
  if (!raw.includes('%')) return raw;
  return raw.replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeRun);
}

/** Decodes a run of escapes character by character, keeping each character's escapes that must stay. */
function decodeRun(run: string): string {
  const bytes = run.slice(1).split('%').map((hex) => Number.parseInt(hex, 16));
  let out = '';
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    const escapes = run.slice(index * 3, (index + Math.max(length, 1)) * 3);
    if (length === 0) {
      out += escapes;
      index++;
      continue;
    }
    const character = decodeURIComponent(escapes);
    out += KEEP_ENCODED.has(character) || INVISIBLE.test(character) ? escapes : character;
    index += length;
  }
  return out;
}

/** How many bytes the UTF-8 sequence at `index` takes, or 0 when it is not a well-formed one. */
function sequenceLength(bytes: readonly number[], index: number): number {
  const lead = bytes[index] as number;
  const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || index + length > bytes.length) return 0;
  for (let next = index + 1; next < index + length; next++) if (((bytes[next] as number) & 0xc0) !== 0x80) return 0;
  try {
    decodeURIComponent(bytes.slice(index, index + length).map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''));
  } catch {
    // Overlong forms and surrogates pass the checks above; decodeURIComponent refuses them.
    return 0;
  }
  return length;
}
