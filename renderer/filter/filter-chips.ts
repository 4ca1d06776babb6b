import { filterKey } from '../../runtime/traffic/filter/filter-keys.js';
import { termParts } from '../../runtime/traffic/filter/parse-filter.js';
import { tokenizeFilter, unquote, type FilterToken } from '../../runtime/traffic/filter/tokenize-filter.js';

/** A quick toggle over the query: one value of a key (`kind:inbound`), or a flag (`has-error`). */
export interface FilterChip {
  readonly key: string;
  readonly value?: string;
}

/** A positive (not negated) term of `key`, with its comma-list items as typed. */
interface KeyTerm {
  readonly token: FilterToken;
  /** The token up to its value: `kind:`. */
  readonly head: string;
  readonly items: readonly string[];
}

/** Whether the query holds the chip's term: a positive term of its key whose list has its value, or its flag. */
export function isChipOn(text: string, chip: FilterChip): boolean {
  if (chip.value === undefined) return flagTokens(text, chip.key).length > 0;
  const wanted = chip.value.toLowerCase();
  return keyTerms(text, chip.key).some((term) => term.items.some((item) => sameItem(item, wanted)));
}

/**
 * The query with the chip toggled: on, its value joins the key's first positive term as
 * one more item of its list (`kind:inbound` → `kind:inbound,outbound`), or a new term is
 * appended; off, its value leaves every list that has it, and a term left empty goes.
 */
export function toggleChip(text: string, chip: FilterChip): string {
  if (chip.value === undefined) {
    const flags = flagTokens(text, chip.key);
    return flags.length > 0 ? removeTokens(text, flags) : appendTerm(text, chip.key);
  }
  const value = chip.value;
  const wanted = value.toLowerCase();
  const terms = keyTerms(text, chip.key);
  const holding = terms.filter((term) => term.items.some((item) => sameItem(item, wanted)));
  if (holding.length > 0) {
    return editTokens(
      text,
      holding.map((term) => {
        const items = term.items.filter((item) => !sameItem(item, wanted));
        return { token: term.token, replacement: items.length === 0 ? undefined : term.head + items.join(',') };
      }),
    );
  }
  const first = terms[0];
  if (first === undefined) return appendTerm(text, `${chip.key}:${value}`);
  return editTokens(text, [{ token: first.token, replacement: first.head + [...first.items, value].join(',') }]);
}

function keyTerms(text: string, key: string): KeyTerm[] {
  return tokenizeFilter(text).flatMap((token) => {
    const parts = termParts(token.raw);
    if (parts.negated || parts.key === undefined || parts.operator !== ':' || filterKey(parts.key)?.name !== key) return [];
    const items = token.raw
      .slice(parts.valueStart)
      .split(',')
      .filter((item) => item.trim() !== '');
    return [{ token, head: token.raw.slice(0, parts.valueStart), items }];
  });
}

function flagTokens(text: string, flag: string): FilterToken[] {
  return tokenizeFilter(text).filter((token) => token.raw.toLowerCase() === flag);
}

function sameItem(item: string, wanted: string): boolean {
  return unquote(item).trim().toLowerCase() === wanted;
}

function appendTerm(text: string, term: string): string {
  const trimmed = text.trimEnd();
  return trimmed === '' ? term : `${trimmed} ${term}`;
}

function removeTokens(text: string, tokens: readonly FilterToken[]): string {
  return editTokens(
    text,
    tokens.map((token) => ({ token, replacement: undefined })),
  );
}

/** Replaces tokens (from the last, so earlier offsets hold); a removed token takes the whitespace after it along. */
function editTokens(text: string, edits: readonly { token: FilterToken; replacement: string | undefined }[]): string {
  let out = text;
  for (const { token, replacement } of [...edits].sort((a, b) => b.token.start - a.token.start)) {
    if (replacement !== undefined) out = out.slice(0, token.start) + replacement + out.slice(token.end);
    else out = out.slice(0, token.start) + out.slice(token.end).replace(/^\s+/, '');
  }
  return out.trimEnd();
}
