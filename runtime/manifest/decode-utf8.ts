/** Where UTF-8 text stops being well-formed: the byte offset, and its 1-based line. */
export interface Utf8ErrorPosition {
  readonly offset: number;
  readonly line: number;
}

// A byte order mark stays in the text, as Rust's `read_to_string` keeps it.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes `bytes` as UTF-8, or says where the first byte is that no well-formed
 * sequence covers (Rust's `Utf8Error::valid_up_to`), as `std::str::from_utf8` would.
 * Node's `readFile(file, 'utf8')` instead replaces such bytes with U+FFFD silently.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: Utf8ErrorPosition } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const offset = invalidUtf8Offset(bytes);
    let line = 1;
    for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
    return { error: { offset, line } };
  }
}

// Unicode Table 3-7, well-formed UTF-8 byte sequences: the lead byte fixes the
// length and the range of the second byte; every later byte is 80..BF.
function invalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index++;
      continue;
    }
    const [length, low, high] = sequenceOf(lead);
    if (length === 0) return index;
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      const [min, max] = next === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return bytes.length;
}

/** A lead byte's sequence length and second-byte range; length 0 for a byte that cannot lead. */
function sequenceOf(lead: number): readonly [length: number, low: number, high: number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}
