import type { VariableDeclaration } from './app-manifest.js';
import { idProblem, suggestId } from './spin-id.js';
import type { TableReader } from './table-reader.js';

const VARIABLE_FIELDS = ['description', 'required', 'default', 'secret'] as const;

/**
 * Reads `[variables]` (spec §14.59): names are LowerSnakeId, and each variable is
 * `required = true` or has a `default`, never both, as Spin's loader insists.
 * `nameError` words a bad name the way this manifest version's Spin does.
 */
export function readVariables(
  variables: TableReader | undefined,
  nameError: (name: string, reason: string) => string = (_name, reason) => reason,
): Map<string, VariableDeclaration> {
  const declarations = new Map<string, VariableDeclaration>();
  if (variables === undefined) return declarations;
  for (const name of variables.keys()) {
    const problem = idProblem(name, 'lower-snake');
    if (problem !== undefined) variables.failAt([name], `variable ${JSON.stringify(name)}: ${nameError(name, problem)}${renameHint(name)}`);
    const table = variables.table(name);
    if (table === undefined) continue;
    table.expectFields(VARIABLE_FIELDS);
    const description = table.string('description');
    const required = table.boolean('required') ?? false;
    const defaultValue = table.string('default');
    const secret = table.boolean('secret') ?? false;
    // spec §14.59: `locked_variable` requires `required ^ default.is_some()`.
    if (required === (defaultValue !== undefined)) {
      const fix = required
        ? 'remove `required = true` or the `default`'
        : 'add `required = true`, or a `default = "..."`';
      table.failAt([], `variable ${JSON.stringify(name)}: must be \`required\` OR have a \`default\`; ${fix}`);
    }
    declarations.set(name, {
      name,
      ...(description !== undefined && { description }),
      required,
      ...(defaultValue !== undefined && { default: defaultValue }),
      secret,
    });
  }
  return declarations;
}

function renameHint(name: string): string {
  const fixed = suggestId(name, 'lower-snake');
  return fixed === undefined ? '' : `; variable names are lower_snake_case, e.g. ${JSON.stringify(fixed)}`;
}
