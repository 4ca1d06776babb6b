import { describe, expect, it } from 'vitest';
import { enabledEntries, removeRow, replaceRow, syncRows, type HostRow } from '../../../renderer/state/host-rows.js';

const rows: readonly HostRow[] = [
  { raw: 'https://api.example.com', enabled: true },
  { raw: 'http://{{ upstream }}', enabled: false },
  { raw: 'http://backend.spin.internal', enabled: true },
];

describe('allowed-hosts editor rows', () => {
  it('enforces only the rows switched on, in order', () => {
    expect(enabledEntries(rows)).toEqual(['https://api.example.com', 'http://backend.spin.internal']);
  });

  it('keeps switched-off rows when the app reports exactly the enabled entries', () => {
    expect(syncRows(rows, [{ raw: 'https://api.example.com' }, { raw: 'http://backend.spin.internal' }])).toBe(rows);
  });

  it('replaces the rows, all switched on, when the app reports a different list', () => {
    expect(syncRows(rows, [{ raw: 'https://api.example.com', resolved: 'https://api.example.com' }, { raw: 'http://{{ upstream }}' }])).toEqual([
      { raw: 'https://api.example.com', enabled: true },
      { raw: 'http://{{ upstream }}', enabled: true },
    ]);
  });

  it('replaces and removes one row by position', () => {
    expect(replaceRow(rows, 1, { raw: 'http://{{ upstream }}', enabled: true })[1]).toEqual({ raw: 'http://{{ upstream }}', enabled: true });
    expect(removeRow(rows, 0).map((row) => row.raw)).toEqual(['http://{{ upstream }}', 'http://backend.spin.internal']);
  });
});
