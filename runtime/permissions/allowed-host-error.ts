import { SpinscopeError } from '../errors/spinscope-error.js';

/**
 * An `allowed_outbound_hosts` entry (or list) Spin would reject.
 *
 * `context` holds the outer messages of Spin's anyhow chain, outermost first, and
 * `reason` the innermost one, so `summary` is exactly what Spin's `to_string()`
 * prints (spec §2.4) while `message` keeps the whole chain.
 */
export class AllowedHostError extends SpinscopeError {
  readonly code = 'SPINSCOPE_ALLOWED_HOST';
  readonly entry: string;
  readonly reason: string;
  readonly context: readonly string[];

  constructor(fields: { entry: string; reason: string; context?: readonly string[]; cause?: unknown }) {
    const context = fields.context ?? [];
    super([...context, fields.reason].join(': '), { cause: fields.cause });
    this.entry = fields.entry;
    this.reason = fields.reason;
    this.context = context;
  }

  /** Spin's one-line message: the outermost layer of the chain. */
  get summary(): string {
    return this.context[0] ?? this.reason;
  }

  protected override fields(): Record<string, unknown> {
    return { entry: this.entry, reason: this.reason, context: this.context };
  }
}
