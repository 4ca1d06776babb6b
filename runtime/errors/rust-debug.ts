/**
 * Quotes text the way Rust's `{:?}` does for a `&str` (`"a\"b"`) or, with `'`, for a
 * `char` (`'_'`), so messages copied from Spin read the same here.
 */
export function rustDebug(text: string, quote: '"' | "'" = '"'): string {
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\0') out += '\\0';
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return out + quote;
}

/** A float as Rust prints it: `2.0`, `inf`, `NaN`. */
export function rustFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
