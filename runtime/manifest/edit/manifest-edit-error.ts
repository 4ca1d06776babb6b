import { SpinscopeError } from '../../errors/spinscope-error.js';
import { formatLocation, type ManifestLocation } from '../manifest-error.js';

/** Why Spinscope will not write a change into a `spin.toml`. */
export type ManifestEditProblem = 'unknown-component' | 'v1-manifest' | 'inline-trigger-component' | 'no-table-to-edit';

/**
 * A change Spinscope refuses to write into `spin.toml`; the file is left as it was.
 * The message names the file (and line) and says what to do instead.
 */
export class ManifestEditError extends SpinscopeError {
  readonly code = 'SPINSCOPE_MANIFEST_EDIT';
  readonly problem: ManifestEditProblem;
  readonly file: string;
  readonly line?: number;
  readonly component?: string;

  constructor(problem: ManifestEditProblem, detail: string, location: ManifestLocation) {
    super(`${formatLocation(location)}: ${detail}`);
    this.problem = problem;
    this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
    if (location.component !== undefined) this.component = location.component;
  }

  protected override fields(): Record<string, unknown> {
    return { problem: this.problem, file: this.file, line: this.line, component: this.component };
  }
}
