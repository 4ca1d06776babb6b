/** How a TOML string is quoted: `"basic"` (with escapes) or `'literal'` (verbatim). */
export type QuoteStyle = 'basic' | 'literal';

/**
 * `value` as a TOML string in `preferred` style. A literal string cannot hold `'`
 * or control characters, so such a value falls back to a basic one; a basic-style
 * value with `\` or `"` becomes literal when it can, to stay readable.
 */
export function quoteTomlString(value: string, preferred: QuoteStyle): string {
  const literalFits = !/['\u0000-\u0008\u000a-\u001f\u007f]/.test(value);
  const wantsLiteral = preferred === 'literal' || /["\\]/.test(value);
  return literalFits && wantsLiteral ? `'${value}'` : basicString(value);
}

/** The style most of `raws` (TOML strings as written) use; basic when there are none. */
export function predominantQuoteStyle(raws: readonly string[]): QuoteStyle {
  const literal = raws.filter((raw) => raw.startsWith("'")).length;
  return literal * 2 > raws.length ? 'literal' : 'basic';
}

const ESCAPES: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

function basicString(value: string): string {
  const escaped = value.replace(/["\\\u0000-\u001f\u007f]/g, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}
