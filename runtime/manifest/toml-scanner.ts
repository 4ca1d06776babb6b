/** A path into a TOML document: table keys, and array indices for `[[tables]]` and arrays. */
export type TomlPath = readonly (string | number)[];

/** A `key = value` pair as written: offsets into the scanned text, end exclusive. */
export interface KeyValueSpan {
  /** The table the pair is written in: its `[header]`'s path, or the inline table's. */
  readonly table: TomlPath;
  /** The dotted key's parts, unquoted. */
  readonly keys: readonly string[];
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  /** True inside an inline table `{ ... }`, false for a pair on its own line. */
  readonly inline: boolean;
}

/** What a {@link TomlScanner} reports, in document order. */
export interface TomlScanVisitor {
  /** A header, key or array element of `path` starts at `offset`; parents of dotted paths are reported too. */
  written(path: TomlPath, offset: number): void;
  /** A `[table]` or `[[table]]` header starts at `offset`. */
  header?(path: TomlPath, offset: number): void;
  /** A value (of a pair or an array element) spans `start` to `end`. */
  value?(path: TomlPath, start: number, end: number): void;
  /** A `key = value` pair, after its value. */
  keyValue?(pair: KeyValueSpan): void;
}

/** The map key of a path. */
export function pathKey(path: TomlPath): string {
  return path.map(String).join('\u0000');
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const SCALAR_END = new Set([',', ']', '}', '#', '\n', '\r']);

/**
 * Reads a TOML document's shape (headers, keys, nesting, where each value is
 * written) without parsing values. It runs on text smol-toml has already
 * accepted; on anything else it still terminates, it just finds less.
 */
export class TomlScanner {
  private pos = 0;
  /** Current element count of each array of tables, by resolved path. */
  private readonly tableArrays = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly visitor: TomlScanVisitor,
  ) {}

  /** Scans the whole text once, reporting to the visitor. */
  document(): void {
    let table: TomlPath = [];
    while (this.pos < this.text.length) {
      this.skipBlank(true);
      if (this.pos >= this.text.length) break;
      const start = this.pos;
      if (this.text.startsWith('[[', this.pos)) {
        this.pos += 2;
        table = this.resolveHeader(this.key(), true);
        this.recordWithParents(table, start);
        this.visitor.header?.(table, start);
      } else if (this.peek() === '[') {
        this.pos += 1;
        table = this.resolveHeader(this.key(), false);
        this.recordWithParents(table, start);
        this.visitor.header?.(table, start);
      } else if (BARE_KEY.test(this.peek()) || this.peek() === '"' || this.peek() === "'") {
        this.keyValue(table, false);
      }
      this.skipLine();
    }
  }

  // `[a.b]` under an earlier `[[a]]` means the last `a` element: insert its index.
  private resolveHeader(parts: string[], isArrayHeader: boolean): TomlPath {
    const resolved: (string | number)[] = [];
    parts.forEach((part, i) => {
      resolved.push(part);
      const key = pathKey(resolved);
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
  private recordWithParents(path: TomlPath, offset: number): void {
    for (let i = 1; i <= path.length; i++) this.visitor.written(path.slice(0, i), offset);
  }

  private keyValue(table: TomlPath, inline: boolean): void {
    const keyStart = this.pos;
    const keys = this.key();
    const keyEnd = this.pos;
    this.recordWithParents([...table, ...keys], keyStart);
    this.skipBlank(false);
    if (this.peek() !== '=') return;
    this.pos += 1;
    this.skipBlank(false);
    const valueStart = this.pos;
    this.value([...table, ...keys]);
    this.visitor.keyValue?.({ table, keys, keyStart, keyEnd, valueStart, valueEnd: this.pos, inline });
  }

  private key(): string[] {
    const parts: string[] = [];
    this.skipBlank(false);
    for (;;) {
      const char = this.peek();
      if (char === '"') parts.push(this.basicString());
      else if (char === "'") parts.push(this.literalString());
      else {
        const begin = this.pos;
        while (this.pos < this.text.length && BARE_KEY.test(this.peek())) this.pos += 1;
        if (this.pos === begin) return parts;
        parts.push(this.text.slice(begin, this.pos));
      }
      // The key ends at its last part; blanks count only when a `.` follows them.
      const end = this.pos;
      this.skipBlank(false);
      if (this.peek() !== '.') {
        this.pos = end;
        return parts;
      }
      this.pos += 1;
      this.skipBlank(false);
    }
  }

  private value(path: TomlPath): void {
    const start = this.pos;
    this.valueBody(path);
    this.visitor.value?.(path, start, this.pos);
  }

  private valueBody(path: TomlPath): void {
    const char = this.peek();
    if (this.text.startsWith('"""', this.pos) || this.text.startsWith("'''", this.pos)) this.multilineString();
    else if (char === '"') this.basicString();
    else if (char === "'") this.literalString();
    else if (char === '[') this.array(path);
    else if (char === '{') this.inlineTable(path);
    else this.scalar();
  }

  private scalar(): void {
    const start = this.pos;
    while (this.pos < this.text.length && !SCALAR_END.has(this.peek())) this.pos += 1;
    while (this.pos > start && (this.text[this.pos - 1] === ' ' || this.text[this.pos - 1] === '\t')) this.pos -= 1;
  }

  private array(path: TomlPath): void {
    this.pos += 1;
    for (let index = 0; this.pos < this.text.length; index++) {
      this.skipBlank(true);
      if (this.peek() === ']' || this.pos >= this.text.length) break;
      const before = this.pos;
      this.visitor.written([...path, index], this.pos);
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
      this.keyValue(path, true);
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
}
