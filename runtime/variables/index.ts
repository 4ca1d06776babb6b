export { resolveComponentVariables } from './component-variables.js';
export { maskSecret } from './mask-secret.js';
export { envVariableName, resolveVariables, type VariableProviders } from './resolve-variables.js';
export { ResolvedVariables, type ResolvedVariable, type VariableDescription, type VariableSource } from './resolved-variables.js';
export { isTemplated, parseTemplate, renderTemplate, templateVariables, type Template, type TemplatePart } from './template.js';
export { parseVariableFlag, parseVariableFlags, type VariableFlag } from './variable-flag.js';
export { VariableError } from './variable-error.js';
