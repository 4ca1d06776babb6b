import type { AllowedHostInfo } from '../../runtime/api/contract.js';

/** One line of the allowed-hosts editor: an entry as written, and whether it is enforced. */
export interface HostRow {
  readonly raw: string;
  /** False for an entry the developer switched off: kept here, not sent to the app. */
  readonly enabled: boolean;
}

/** The entries to enforce: the enabled rows, in order, as written. */
export function enabledEntries(rows: readonly HostRow[]): string[] {
  return rows.filter((row) => row.enabled).map((row) => row.raw);
}

/**
 * The editor's rows once the app reports `entries` for the component. When they are
 * what the rows already enforce (the app echoing the editor's own change) the rows,
 * switched-off ones included, are kept; anything else (a reload from spin.toml, a
 * denial's Allow button) came from elsewhere and replaces them.
 */
export function syncRows(rows: readonly HostRow[], entries: readonly AllowedHostInfo[]): readonly HostRow[] {
  const enforced = enabledEntries(rows);
  const same = enforced.length === entries.length && enforced.every((raw, index) => raw === entries[index]?.raw);
  return same ? rows : entries.map((entry) => ({ raw: entry.raw, enabled: true }));
}

/** `rows` with the row at `index` replaced by `row`. */
export function replaceRow(rows: readonly HostRow[], index: number, row: HostRow): readonly HostRow[] {
  return rows.map((existing, at) => (at === index ? row : existing));
}

/** `rows` without the row at `index`. */
export function removeRow(rows: readonly HostRow[], index: number): readonly HostRow[] {
  return rows.filter((_, at) => at !== index);
}
