/**
 * Edits of the rules list, each a whole new list: the runtime takes the whole list
 * (`setOutboundRules`), so creating, toggling, reordering and deleting are each one of
 * these. Rules are found by name (unique in the file), so an edit applies to the list as
 * the runtime has it now, which recording or a change to the file may have grown meanwhile.
 */
import type { OutboundRule } from '../../runtime/api/contract.js';

/** `rules` with the rule `name` moved `by` places (-1 up, 1 down); `rules` itself when it is absent or would leave the list. */
export function moveRule(rules: readonly OutboundRule[], name: string, by: number): readonly OutboundRule[] {
  const index = rules.findIndex((rule) => rule.name === name);
  const to = index + by;
  if (index < 0 || to < 0 || to >= rules.length) return rules;
  const moved = rules.filter((_, at) => at !== index);
  moved.splice(to, 0, rules[index]!);
  return moved;
}

/** `rules` with the rule `name` switched on or off. */
export function toggleRule(rules: readonly OutboundRule[], name: string, enabled: boolean): readonly OutboundRule[] {
  return rules.map((rule) => (rule.name === name ? { ...rule, enabled } : rule));
}

/** `rules` without the rule `name`. */
export function removeRule(rules: readonly OutboundRule[], name: string): readonly OutboundRule[] {
  return rules.filter((rule) => rule.name !== name);
}

/**
 * `rules` with `rule` back at `index` (or last, when the list has shrunk below it); `rules`
 * itself when a rule of its name is there again (made or recorded meanwhile).
 */
export function restoreRule(rules: readonly OutboundRule[], rule: OutboundRule, index: number): readonly OutboundRule[] {
  if (rules.some((candidate) => candidate.name === rule.name)) return rules;
  const restored = [...rules];
  restored.splice(Math.min(index, rules.length), 0, rule);
  return restored;
}

/**
 * `rules` with `rule` in place of the rule named `replacing`, or at the end when `replacing`
 * is undefined or names no rule (it was deleted meanwhile).
 */
export function putRule(rules: readonly OutboundRule[], rule: OutboundRule, replacing: string | undefined): readonly OutboundRule[] {
  const index = replacing === undefined ? -1 : rules.findIndex((candidate) => candidate.name === replacing);
  return index < 0 ? [...rules, rule] : rules.map((candidate, at) => (at === index ? rule : candidate));
}
