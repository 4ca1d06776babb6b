import { parse, TomlError } from 'smol-toml';
import { ManifestError } from './manifest-error.js';
import type { TomlTable } from './table-reader.js';

/**
 * Parses TOML text, turning a syntax error into a {@link ManifestError} at its line
 * and column with the offending line shown. Integers come back as `bigint`, so
 * `2` and `2.0` stay distinct as they are in Spin.
 */
export function parseToml(text: string, file: string): TomlTable {
  try {
    return parse(text, { integersAsBigInt: true });
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message is "Invalid TOML document: <reason>\n\n<its own code block>".
    const reason = error.message.replace(/^Invalid TOML document: /, '').split('\n\n')[0] ?? error.message;
    throw new ManifestError(`TOML parse error: ${reason}\n${codeFrame(text, error.line, error.column)}`, {
      file,
      line: error.line,
      column: error.column,
      cause: error,
    });
  }
}

// The toml crate's frame: the line, then a caret under the column.
function codeFrame(text: string, line: number, column: number): string {
  const source = (text.split(/\r?\n/)[line - 1] ?? '').replace(/\t/g, ' ');
  const gutter = ' '.repeat(String(line).length);
  return [`${gutter} |`, `${line} | ${source}`, `${gutter} | ${' '.repeat(Math.max(column - 1, 0))}^`].join('\n');
}
