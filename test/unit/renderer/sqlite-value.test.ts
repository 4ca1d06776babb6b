import { describe, expect, it } from 'vitest';
import { formatSqliteValue } from '../../../renderer/format/sqlite-value.js';

const blob = (length: number) => ({ type: 'blob', value: { captured: Uint8Array.from({ length }, (_, index) => index), size: length, truncated: false } }) as const;

describe('SQLite values in a result table', () => {
  it('keeps integers exact beyond 2^53, as recorded', () => {
    expect(formatSqliteValue({ type: 'integer', value: '9007199254740993' })).toBe('9007199254740993');
    expect(formatSqliteValue({ type: 'integer', value: '-1' })).toBe('-1');
  });

  it('prints reals as the sqlite3 shell does, whole ones with a decimal point', () => {
    expect([2, 0.5, -0, 1e21].map((value) => formatSqliteValue({ type: 'real', value }))).toEqual(['2.0', '0.5', '0.0', '1e+21']);
  });

  it('shows blobs as hex literals, cut after 32 bytes with their size', () => {
    expect(formatSqliteValue(blob(4))).toBe("X'00010203'");
    expect(formatSqliteValue(blob(0))).toBe("X''");
    expect(formatSqliteValue(blob(40))).toBe(`X'${Array.from({ length: 32 }, (_, index) => index.toString(16).padStart(2, '0')).join('')}…' (40 B)`);
  });

  it('shows text as is and NULL as NULL', () => {
    expect(formatSqliteValue({ type: 'text', value: 'NULL' })).toBe('NULL');
    expect(formatSqliteValue({ type: 'null' })).toBe('NULL');
  });
});
