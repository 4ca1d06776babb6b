import { didYouMean } from './did-you-mean.js';
import type { ManifestWarning } from './app-manifest.js';
import { formatLocation, ManifestError } from './manifest-error.js';
import { rustDebug, rustFloat } from '../errors/rust-debug.js';
import type { TomlLocator, TomlPath } from './toml-locator.js';

/** A TOML table as smol-toml returns it (a null-prototype object). */
export type TomlTable = { readonly [key: string]: unknown };

/** What every reader of one document shares: how to name the file and find lines. */
export interface ReadContext {
  /** The manifest path as the user gave it, for messages. */
  readonly file: string;
  readonly locator: TomlLocator;
}

interface Scope {
  /** Dotted name of this table in messages (`build`, `application`), empty at a root. */
  readonly prefix: string;
  /** Put before every detail, e.g. `[[trigger.http]] #2: `. */
  readonly context: string;
  readonly component?: string;
}

/**
 * Typed, serde-like access to one TOML table: each getter checks the value's type and
 * throws a {@link ManifestError} worded like Spin's (`invalid type: integer \`2\`,
 * expected a string`, `missing field \`name\``) at the key's line.
 */
export class TableReader {
  constructor(
    private readonly ctx: ReadContext,
    private readonly values: TomlTable,
    readonly path: TomlPath,
    private readonly scope: Scope = { prefix: '', context: '' },
  ) {}

  /** A reader for the same table whose errors name `component` and/or start with `context`. */
  within(scope: { component?: string; context?: string }): TableReader {
    return new TableReader(this.ctx, this.values, this.path, { ...this.scope, ...scope, prefix: '' });
  }

  /** Whether the table sets `key` (its own key, never an inherited one such as `constructor`). */
  has(key: string): boolean {
    return Object.hasOwn(this.values, key);
  }

  /** The table's keys in manifest order (JavaScript lists integer-like keys such as `"1"` first). */
  keys(): string[] {
    return Object.keys(this.values);
  }

  /** The untyped value at `key`, or `undefined`. */
  raw(key: string): unknown {
    return this.has(key) ? this.values[key] : undefined;
  }

  /**
   * Spin's `deny_unknown_fields`: serde's message, plus a spelling hint. `aliases`
   * are accepted too but, as in serde, not listed.
   */
  expectFields(fields: readonly string[], aliases: readonly string[] = []): void {
    for (const key of this.keys()) {
      if (fields.includes(key) || aliases.includes(key)) continue;
      const guess = didYouMean(key, fields);
      const hint = guess === undefined ? '' : `; did you mean \`${guess}\`?`;
      const where = this.scope.prefix === '' ? '' : ` in \`${this.scope.prefix}\``;
      this.failAt([key], `unknown field \`${key}\`${where}, expected ${oneOf(fields)}${hint}`);
    }
  }

  /** An optional string field. */
  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === 'string') return value;
    return this.invalidType([key], value, 'a string');
  }

  /** A string field that must be present. */
  requiredString(key: string): string {
    return this.string(key) ?? this.missing(key);
  }

  /** An optional boolean field. */
  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === 'boolean') return value;
    return this.invalidType([key], value, 'a boolean');
  }

  /** An array whose elements are all strings. */
  strings(key: string): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.invalidType([key], value, 'a sequence');
    return value.map((item, index) => (typeof item === 'string' ? item : this.invalidType([key, index], item, 'a string')));
  }

  /** A table whose values are all strings, in manifest order. */
  stringMap(key: string): Map<string, string> | undefined {
    const table = this.table(key);
    if (table === undefined) return undefined;
    return new Map(table.keys().map((name) => [name, table.requiredString(name)]));
  }

  /** An optional sub-table, as a reader whose messages name it (`build.command`). */
  table(key: string): TableReader | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!isTable(value)) return this.invalidType([key], value, 'a map');
    return new TableReader(this.ctx, value, [...this.path, key], { ...this.scope, prefix: this.field(key) });
  }

  /** A sub-table that must be present. */
  requiredTable(key: string): TableReader {
    return this.table(key) ?? this.missing(key);
  }

  /** A reader for an arbitrary table value found under this one (an array element, an inline table). */
  nested(relative: TomlPath, table: TomlTable): TableReader {
    const name = relative.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('');
    const prefix = this.scope.prefix === '' ? name.replace(/^\./, '') : `${this.scope.prefix}${name}`;
    return new TableReader(this.ctx, table, [...this.path, ...relative], { ...this.scope, prefix });
  }

  /** The field's name in messages, e.g. `build.command`. */
  field(key: string): string {
    return this.scope.prefix === '' ? key : `${this.scope.prefix}.${key}`;
  }

  /** Throws `missing field \`key\``, located at this table. */
  missing(key: string): never {
    return this.failAt([], `missing field \`${this.field(key)}\``);
  }

  /** Throws serde's `invalid type` message for the value at `relative`. */
  invalidType(relative: TomlPath, value: unknown, expected: string): never {
    const key = relative[0];
    const name = key === undefined ? this.scope.prefix : this.field(String(key));
    return this.failAt(relative, `${name === '' ? '' : `\`${name}\`: `}invalid type: ${describeValue(value)}, expected ${expected}`);
  }

  /** Throws a {@link ManifestError} at `relative` (keys below this table) with `detail`. */
  failAt(relative: TomlPath, detail: string, cause?: unknown): never {
    throw this.error(relative, detail, cause);
  }

  /** The {@link ManifestError} {@link failAt} throws, for callers that wrap another error. */
  error(relative: TomlPath, detail: string, cause?: unknown): ManifestError {
    const position = this.ctx.locator.locate([...this.path, ...relative]);
    return new ManifestError(`${this.scope.context}${detail}`, {
      file: this.ctx.file,
      ...(position && { line: position.line, column: position.column }),
      ...(this.scope.component !== undefined && { component: this.scope.component }),
      ...(cause !== undefined && { cause }),
    });
  }

  /** A warning located at `relative`, worded like this reader's errors. */
  warn(relative: TomlPath, detail: string): ManifestWarning {
    const line = this.line(relative);
    const location = {
      file: this.ctx.file,
      ...(line !== undefined && { line }),
      ...(this.scope.component !== undefined && { component: this.scope.component }),
    };
    return { message: `${formatLocation(location)}: ${this.scope.context}${detail}`, ...location };
  }

  /** The line of `relative` (or of this table), for warnings and `line` fields. */
  line(relative: TomlPath = []): number | undefined {
    return this.ctx.locator.locate([...this.path, ...relative])?.line;
  }
}

/** A TOML table, as opposed to an array, a date or a scalar. */
export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

// serde's `Unexpected` wording, as the toml crate reports it.
function describeValue(value: unknown): string {
  if (typeof value === 'string') return `string ${rustDebug(value)}`;
  if (typeof value === 'boolean') return `boolean \`${value}\``;
  // Integers arrive as bigint (see parse-toml.ts), so a number is always a TOML float.
  if (typeof value === 'number') return `floating point \`${rustFloat(value)}\``;
  if (typeof value === 'bigint') return `integer \`${value}\``;
  if (Array.isArray(value)) return 'sequence';
  if (value instanceof Date) return 'datetime';
  return 'map';
}

// serde's `OneOf` wording for the list of expected fields.
function oneOf(fields: readonly string[]): string {
  const quoted = fields.map((field) => `\`${field}\``);
  if (quoted.length === 0) return 'there are no fields';
  if (quoted.length === 1) return quoted[0] ?? '';
  if (quoted.length === 2) return `${quoted[0]} or ${quoted[1]}`;
  return `one of ${quoted.join(', ')}`;
}
