import { rustDebug } from '../errors/rust-debug.js';

/** The three identifier shapes Spin's manifest uses (`spin_serde::id`). */
export type IdKind = 'kebab' | 'snake' | 'lower-snake';

const DELIMITER: Record<IdKind, { delim: string; wrong: string; lower: boolean }> = {
  kebab: { delim: '-', wrong: '_', lower: false },
  snake: { delim: '_', wrong: '-', lower: false },
  'lower-snake': { delim: '_', wrong: '-', lower: true },
};

/**
 * Why `id` is not a valid identifier of `kind`, in Spin's exact words, or `undefined`
 * when it is valid. KebabId is used for component ids (spec §15.65), LowerSnakeId for
 * variable names (spec §14.59), and kebab-or-snake for store labels.
 */
export function idProblem(id: string, kind: IdKind): string | undefined {
  const { delim, wrong, lower } = DELIMITER[kind];
  const d = rustDebug(delim, "'");
  if (id.length === 0) return 'empty';
  if (id.includes(wrong)) return `words must be separated with ${d}, not ${rustDebug(wrong, "'")}`;
  for (const word of id.split(delim)) {
    const [first, ...rest] = [...word];
    if (first === undefined) return `${d}-separated words must not be empty`;
    if (!/^[A-Za-z]$/.test(first)) return `${d}-separated words must start with an ASCII letter; got ${rustDebug(first, "'")}`;
    const upper = /^[A-Z]$/.test(first);
    for (const char of rest) {
      if (/^[0-9]$/.test(char)) continue;
      if (!/^[A-Za-z]$/.test(char)) return `${d}-separated words may only contain alphanumeric ASCII; got ${rustDebug(char, "'")}`;
      if (/^[A-Z]$/.test(char) !== upper) return `${d}-separated words must be all lowercase or all UPPERCASE; got ${rustDebug(word)}`;
    }
    if (lower && upper) return `Lower-case identifiers must be all lowercase; got ${rustDebug(id)}`;
  }
  return undefined;
}

/** Store labels (`key_value_stores`, `sqlite_databases`) may be KebabId or SnakeId (spec §15.65). */
export function isStoreLabel(label: string): boolean {
  return idProblem(label, 'kebab') === undefined || idProblem(label, 'snake') === undefined;
}

/**
 * Why `label` cannot be in the store list `field`, in the words of Spin's manifest
 * parser (`kebab_or_snake_case` in `crates/manifest/src/schema/v2.rs`), or `undefined`.
 */
export function storeLabelProblem(field: 'key_value_stores' | 'sqlite_databases', label: string): string | undefined {
  return isStoreLabel(label) ? undefined : `\`${field}\`: ${JSON.stringify(label)}: expected kebab-case or snake_case`;
}

/** A valid id of `kind` close to an invalid `id` (`back_end` → `back-end`, `apiHost` → `api_host`), for hints. */
export function suggestId(id: string, kind: IdKind): string | undefined {
  const { delim, wrong } = DELIMITER[kind];
  const fixed = id
    .replace(/([a-z0-9])([A-Z])/g, `$1${delim}$2`)
    .split(wrong)
    .join(delim)
    .toLowerCase();
  return fixed !== id && idProblem(fixed, kind) === undefined ? fixed : undefined;
}
