import { VariableError } from './variable-error.js';

/** One piece of a template: literal text, or a `{{ name }}` expression. */
export type TemplatePart = { kind: 'literal'; text: string } | { kind: 'variable'; name: string };

/** A parsed `{{ name }}` template (spec §14.58). */
export interface Template {
  readonly raw: string;
  readonly parts: readonly TemplatePart[];
}

/**
 * Parses a template the way Spin's `Template::new` does (spec §14.58): `{{` opens an
 * expression that runs to the next `}}`, whitespace inside is trimmed, an unmatched
 * `{{` is an error, and a lone `}}` is literal text.
 */
export function parseTemplate(raw: string): Template {
  const parts: TemplatePart[] = [];
  let rest = raw;
  while (rest.length > 0) {
    if (rest.startsWith('{{')) {
      const close = rest.indexOf('}}', 2);
      if (close < 0) {
        throw new VariableError("invalid variable template: unmatched '{{' in template", { template: raw });
      }
      parts.push({ kind: 'variable', name: rest.slice(2, close).trim() });
      rest = rest.slice(close + 2);
    } else {
      const open = rest.indexOf('{{');
      const text = open < 0 ? rest : rest.slice(0, open);
      parts.push({ kind: 'literal', text });
      rest = open < 0 ? '' : rest.slice(open);
    }
  }
  return { raw, parts };
}

/** True when the template has at least one `{{ name }}` expression. */
export function isTemplated(template: Template): boolean {
  return template.parts.some((part) => part.kind === 'variable');
}

/** Names of the variables a template refers to, in order of first use. */
export function templateVariables(template: Template): string[] {
  const names = template.parts.flatMap((part) => (part.kind === 'variable' ? [part.name] : []));
  return [...new Set(names)];
}

/**
 * Substitutes every expression with `lookup(name)`. Returns `undefined` when any
 * variable has no value, so callers can tell "unresolvable" from "resolved to empty".
 */
export function renderTemplate(template: Template, lookup: (name: string) => string | undefined): string | undefined {
  let out = '';
  for (const part of template.parts) {
    if (part.kind === 'literal') {
      out += part.text;
      continue;
    }
    const value = lookup(part.name);
    if (value === undefined) return undefined;
    out += value;
  }
  return out;
}
