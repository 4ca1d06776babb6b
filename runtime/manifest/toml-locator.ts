import { pathKey, TomlScanner, type TomlPath } from './toml-scanner.js';

export type { TomlPath } from './toml-scanner.js';

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
 * Runs on text smol-toml has already accepted; on anything else it still
 * terminates, it just finds less (see {@link TomlScanner}).
 */
export class TomlLocator {
  private readonly positions = new Map<string, TomlPosition>();

  private constructor() {}

  /** Scans `text` once; lookups afterwards are map reads. */
  static scan(text: string): TomlLocator {
    const locator = new TomlLocator();
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    new TomlScanner(text, { written: (path, offset) => locator.record(path, positionOf(lineStarts, offset)) }).document();
    return locator;
  }

  /**
   * Where `path` is written: its key, or its `[table]` header. A path that is not
   * written (a missing field, an implicit table) gives its nearest written ancestor.
   */
  locate(path: TomlPath): TomlPosition | undefined {
    for (let length = path.length; length > 0; length--) {
      const found = this.positions.get(pathKey(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private record(path: TomlPath, position: TomlPosition): void {
    const key = pathKey(path);
    if (!this.positions.has(key)) this.positions.set(key, position);
  }
}

function positionOf(lineStarts: readonly number[], offset: number): TomlPosition {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

