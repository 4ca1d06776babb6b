import type { SqliteValue } from '../../runtime/api/events.js';
import { formatBytes } from './quantities.js';

/** How many bytes of a blob a table cell shows before `…`. */
export const BLOB_CELL_BYTES = 32;

/**
 * A SQLite value as a table cell shows it: integers as recorded (exact, beyond 2^53), reals
 * with a decimal point as the sqlite3 shell prints them, text as is, blobs as `X'…'` hex
 * literals (cut after {@link BLOB_CELL_BYTES} bytes, with the size), and `NULL`.
 */
export function formatSqliteValue(value: SqliteValue): string {
  switch (value.type) {
    case 'integer':
    case 'text':
      return value.value;
    case 'real':
      return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
    case 'blob': {
      const { captured, size } = value.value;
      const hex = [...captured.subarray(0, BLOB_CELL_BYTES)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
      return size > BLOB_CELL_BYTES ? `X'${hex}…' (${formatBytes(size)})` : `X'${hex}'`;
    }
    case 'null':
      return 'NULL';
  }
}
