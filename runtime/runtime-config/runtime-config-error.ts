import { SpinscopeError } from '../errors/spinscope-error.js';
import { formatLocation } from '../manifest/manifest-error.js';

/**
 * A runtime config file (`--runtime-config-file`) Spin would refuse, or one Spinscope
 * cannot apply yet. The message reads `rc.toml:4:1: <detail>`, like a `ManifestError`.
 */
export class RuntimeConfigError extends SpinscopeError {
  readonly code = 'SPINSCOPE_RUNTIME_CONFIG';
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  readonly detail: string;

  constructor(detail: string, location: { file: string; line?: number; column?: number; cause?: unknown }) {
    super(`${formatLocation(location)}: ${detail}`, { cause: location.cause });
    this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
    this.detail = detail;
  }

  protected override fields(): Record<string, unknown> {
    return { file: this.file, line: this.line, column: this.column, detail: this.detail };
  }
}
