import type { ComponentManifest } from '../manifest/index.js';
import { parseTemplate, renderTemplate, templateVariables, type Template } from './template.js';
import { VariableError } from './variable-error.js';

/**
 * Renders a component's `variables` templates (spec §15.65) with the resolved
 * application variables, as Spin's expression resolver does for `spin:variables`.
 * A bad template, or one naming an undeclared application variable, is a
 * {@link VariableError} naming the component and the variable.
 */
export function resolveComponentVariables(
  component: Pick<ComponentManifest, 'id' | 'variables'>,
  appVariables: { get(name: string): string | undefined },
): Map<string, string> {
  const rendered = new Map<string, string>();
  for (const [name, raw] of component.variables) {
    const where = `component "${component.id}": variable "${name}"`;
    const template = parseIn(raw, where, { variable: name, template: raw, component: component.id });
    const value = renderTemplate(template, (variable) => appVariables.get(variable));
    if (value === undefined) {
      const unknown = templateVariables(template).find((variable) => appVariables.get(variable) === undefined) ?? '';
      throw new VariableError(
        `${where}: invalid variable template: unknown variable "${unknown}"; declare it under [variables] in spin.toml`,
        { variable: name, template: raw, component: component.id },
      );
    }
    rendered.set(name, value);
  }
  return rendered;
}

function parseIn(raw: string, where: string, fields: { variable: string; template: string; component: string }): Template {
  try {
    return parseTemplate(raw);
  } catch (error) {
    if (!(error instanceof VariableError)) throw error;
    throw new VariableError(`${where}: ${error.message}`, { ...fields, cause: error });
  }
}
