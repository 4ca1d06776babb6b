import type { AppManifest } from '../manifest/index.js';
import { AllowedHosts, validateAllowedHosts, type VariableValues } from '../permissions/index.js';
import { defaultValues } from './default-values.js';

/**
 * Checks allowed_outbound_hosts entries as Spin's loader does, with the variables'
 * default values only (spec §14.60). Throws AllowedHostError with Spin's message.
 */
export function validateComponentHosts(manifest: AppManifest, entries: readonly string[]): void {
  validateAllowedHosts(entries, defaultValues(manifest));
}

/** Compiles validated entries with the resolved variables and the app's component ids (spec §6.28). */
export function compileComponentHosts(manifest: AppManifest, entries: readonly string[], variables: VariableValues): AllowedHosts {
  return AllowedHosts.parse(entries, { componentIds: [...manifest.components.keys()], variables });
}
