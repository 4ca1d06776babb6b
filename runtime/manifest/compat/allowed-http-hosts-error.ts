import { SpinscopeError } from '../../errors/spinscope-error.js';

/**
 * A legacy `allowed_http_hosts` list with invalid entries (spec §16.69). The message
 * is Spin's: `One or more allowed_http_hosts entries was invalid:` and one line per entry.
 */
export class AllowedHttpHostsError extends SpinscopeError {
  readonly code = 'SPINSCOPE_ALLOWED_HTTP_HOSTS';
  /** One message per invalid entry, in list order. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`One or more allowed_http_hosts entries was invalid:\n${problems.join('\n')}`);
    this.problems = problems;
  }

  protected override fields(): Record<string, unknown> {
    return { problems: this.problems };
  }
}
