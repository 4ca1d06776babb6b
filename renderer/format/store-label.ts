import { idProblem, isStoreLabel } from '../../runtime/manifest/spin-id.js';

/**
 * Why `label` cannot go in `key_value_stores` / `sqlite_databases`, in Spin's words, or
 * `undefined` when it can: Spin's manifest takes a kebab-case or a snake_case id there
 * (`kebab_or_snake_case` in crates/manifest/src/schema/v2.rs).
 */
export function storeLabelProblem(label: string): string | undefined {
  if (isStoreLabel(label)) return undefined;
  // Say what is wrong for the separator the label seems to use.
  const reason = idProblem(label, label.includes('_') ? 'snake' : 'kebab');
  return `${JSON.stringify(label)}: expected kebab-case or snake_case (${reason})`;
}
