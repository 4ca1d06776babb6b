/** A path into a TOML document: table keys, and array indices for `[[tables]]` and arrays. */
export type TomlPath = readonly (string | number)[];

/** A 1-based line and column in the source text. */
export interface TomlPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Finds where keys and tables are written in a TOML document, so errors found after
 * parsing (an unknown field, a bad id, a duplicate route) can name a line. smol-toml
 * gives values only, without positions.
 *
 * The scanner reads only the document's shape (headers, keys, nesting) and runs on
 * text smol-toml has already accepted; on anything else it still terminates, it
 * just finds less.
 */
export class TomlLocator {
  private readonly positions = new Map<string, TomlPosition>();

  private constructor() {}

  /** Scans `text` once; lookups afterwards are map reads. */
  static scan(text: string): TomlLocator {
    const locator = new TomlLocator();
    new Scanner(text, (path, position) => locator.record(path, position)).document();
    return locator;
  }

  /**
   * Where `path` is written: its key, or its `[table]` header. A path that is not
   * written (a missing field, an implicit table) gives its nearest written ancestor.
   */
  locate(path: TomlPath): TomlPosition | undefined {
    for (let length = path.length; length > 0; length--) {
      const found = this.positions.get(keyOf(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private record(path: TomlPath, position: TomlPosition): void {
    const key = keyOf(path);
    if (!this.positions.has(key)) this.positions.set(key, position);
  }
}

function keyOf(path: TomlPath): string {
  return path.map(String).join('\u0000');
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const SCALAR_END = new Set([',', ']', '}', '#', '\n', '\r']);

class Scanner {
  private pos = 0;
  private readonly lineStarts: number[] = [0];
  /** Current element count of each array of tables, by resolved path. */
  private readonly tableArrays = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly record: (path: TomlPath, position: TomlPosition) => void,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  document(): void {
    let table: TomlPath = [];
    while (this.pos < this.text.length) {
      this.skipBlank(true);
      if (this.pos >= this.text.length) break;
      const start = this.position();
      if (this.text.startsWith('[[', this.pos)) {
        this.pos += 2;
        table = this.resolveHeader(this.key(), true);
        this.recordWithParents(table, start);
      } else if (this.peek() === '[') {
        this.pos += 1;
        table = this.resolveHeader(this.key(), false);
        this.recordWithParents(table, start);
      } else if (BARE_KEY.test(this.peek()) || this.peek() === '"' || this.peek() === "'") {
        this.keyValue(table);
      }
      this.skipLine();
    }
  }

  // `[a.b]` under an earlier `[[a]]` means the last `a` element: insert its index.
  private resolveHeader(parts: string[], isArrayHeader: boolean): TomlPath {
    const resolved: (string | number)[] = [];
    parts.forEach((part, i) => {
      resolved.push(part);
      const key = keyOf(resolved);
      if (isArrayHeader && i === parts.length - 1) {
        const count = (this.tableArrays.get(key) ?? 0) + 1;
        this.tableArrays.set(key, count);
        resolved.push(count - 1);
        return;
      }
      const count = this.tableArrays.get(key);
      if (count !== undefined) resolved.push(count - 1);
    });
    return resolved;
  }

  // `[a.b]` and `a.b = 1` also define `a`; an earlier, explicit position still wins.
  private recordWithParents(path: TomlPath, position: TomlPosition): void {
    for (let i = 1; i <= path.length; i++) this.record(path.slice(0, i), position);
  }

  private keyValue(table: TomlPath): void {
    const start = this.position();
    const parts = this.key();
    this.recordWithParents([...table, ...parts], start);
    this.skipBlank(false);
    if (this.peek() !== '=') return;
    this.pos += 1;
    this.skipBlank(false);
    this.value([...table, ...parts]);
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipBlank(false);
      const char = this.peek();
      if (char === '"') parts.push(this.basicString());
      else if (char === "'") parts.push(this.literalString());
      else {
        const begin = this.pos;
        while (this.pos < this.text.length && BARE_KEY.test(this.peek())) this.pos += 1;
        if (this.pos === begin) return parts;
        parts.push(this.text.slice(begin, this.pos));
      }
      this.skipBlank(false);
      if (this.peek() !== '.') return parts;
      this.pos += 1;
    }
  }

  private value(path: TomlPath): void {
    const char = this.peek();
    if (this.text.startsWith('"""', this.pos) || this.text.startsWith("'''", this.pos)) this.multilineString();
    else if (char === '"') this.basicString();
    else if (char === "'") this.literalString();
    else if (char === '[') this.array(path);
    else if (char === '{') this.inlineTable(path);
    else while (this.pos < this.text.length && !SCALAR_END.has(this.peek())) this.pos += 1;
  }

  private array(path: TomlPath): void {
    this.pos += 1;
    for (let index = 0; this.pos < this.text.length; index++) {
      this.skipBlank(true);
      if (this.peek() === ']' || this.pos >= this.text.length) break;
      const before = this.pos;
      this.record([...path, index], this.position());
      this.value([...path, index]);
      this.skipBlank(true);
      if (this.peek() === ',') this.pos += 1;
      else if (this.pos === before) this.pos += 1;
    }
    if (this.peek() === ']') this.pos += 1;
  }

  private inlineTable(path: TomlPath): void {
    this.pos += 1;
    while (this.pos < this.text.length) {
      this.skipBlank(true);
      if (this.peek() === '}') break;
      const before = this.pos;
      this.keyValue(path);
      this.skipBlank(true);
      if (this.peek() === ',') this.pos += 1;
      else if (this.pos === before) this.pos += 1;
    }
    if (this.peek() === '}') this.pos += 1;
  }

  private basicString(): string {
    let out = '';
    this.pos += 1;
    while (this.pos < this.text.length && this.peek() !== '"' && this.peek() !== '\n') {
      const char = this.peek();
      if (char === '\\') {
        out += this.escape();
      } else {
        out += char;
        this.pos += 1;
      }
    }
    if (this.peek() === '"') this.pos += 1;
    return out;
  }

  private escape(): string {
    const code = this.text[this.pos + 1] ?? '';
    const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };
    const hexLength = code === 'u' ? 4 : code === 'U' ? 8 : code === 'x' ? 2 : 0;
    if (hexLength > 0) {
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + hexLength);
      this.pos += 2 + hexLength;
      const point = /^[0-9A-Fa-f]+$/.test(hex) ? Number.parseInt(hex, 16) : -1;
      return point >= 0 && point <= 0x10ffff ? String.fromCodePoint(point) : '';
    }
    this.pos += 2;
    return simple[code] ?? code;
  }

  private literalString(): string {
    const begin = this.pos + 1;
    let end = begin;
    while (end < this.text.length && this.text[end] !== "'" && this.text[end] !== '\n') end += 1;
    this.pos = Math.min(end + 1, this.text.length);
    return this.text.slice(begin, end);
  }

  private multilineString(): void {
    const quotes = this.text.slice(this.pos, this.pos + 3);
    let i = this.pos + 3;
    while (i < this.text.length) {
      if (quotes === '"""' && this.text[i] === '\\') {
        i += 2;
        continue;
      }
      if (this.text.startsWith(quotes, i)) {
        // A closing delimiter may be followed by up to two more quotes that belong to the content.
        let close = i + 3;
        while (close < this.text.length && this.text[close] === quotes[0] && close < i + 5) close += 1;
        this.pos = close;
        return;
      }
      i += 1;
    }
    this.pos = this.text.length;
  }

  private skipBlank(newlines: boolean): void {
    while (this.pos < this.text.length) {
      const char = this.peek();
      if (char === ' ' || char === '\t' || (newlines && (char === '\n' || char === '\r'))) this.pos += 1;
      else if (newlines && char === '#') this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (this.pos < this.text.length && this.peek() !== '\n') this.pos += 1;
  }

  // After a header or key/value, the rest of the line is at most a comment.
  private skipLine(): void {
    while (this.pos < this.text.length && this.peek() !== '\n') this.pos += 1;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private position(): TomlPosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= this.pos) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: this.pos - (this.lineStarts[low] ?? 0) + 1 };
  }
}
