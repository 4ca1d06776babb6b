import { SpinscopeError } from '../errors/spinscope-error.js';

/** Where in `spin.toml` a problem is: the file as the user named it, and what a locator found. */
export interface ManifestLocation {
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  readonly component?: string;
}

/**
 * A `spin.toml` Spin would refuse to load, or one Spinscope cannot read. The message
 * reads like a compiler diagnostic, `spin.toml:14:1: component "back_end": <detail>`,
 * and `detail` keeps the part after the location.
 */
export class ManifestError extends SpinscopeError {
  readonly code = 'SPINSCOPE_MANIFEST';
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly component?: string;
  readonly detail: string;

  constructor(detail: string, location: ManifestLocation & { cause?: unknown }) {
    super(`${formatLocation(location)}: ${detail}`, { cause: location.cause });
    this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
    if (location.component !== undefined) this.component = location.component;
    this.detail = detail;
  }

  protected override fields(): Record<string, unknown> {
    return { file: this.file, line: this.line, column: this.column, component: this.component, detail: this.detail };
  }
}

/** `file[:line[:column]][: component "id"]`, the prefix of every manifest error and warning. */
export function formatLocation(location: ManifestLocation): string {
  let where = location.file;
  if (location.line !== undefined) {
    where += `:${location.line}`;
    if (location.column !== undefined) where += `:${location.column}`;
  }
  return location.component === undefined ? where : `${where}: component ${JSON.stringify(location.component)}`;
}
