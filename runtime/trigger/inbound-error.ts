import { SpinscopeError } from '../errors/spinscope-error.js';

/**
 * One inbound request could not be served: its handler failed (the client got a 500)
 * or, as in Spin, the request was dropped without a response.
 */
export class InboundError extends SpinscopeError {
  readonly code = 'SPINSCOPE_INBOUND';
  /** Path of the request, as received. */
  readonly path: string;
  /** The component it was routed to (a static response's trigger id), if routing got that far. */
  readonly component: string | undefined;
  /** What the client saw: a 500, or the connection closed with no response. */
  readonly outcome: 'internal-error' | 'dropped';

  constructor(
    message: string,
    fields: { path: string; component?: string | undefined; outcome: 'internal-error' | 'dropped' },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.path = fields.path;
    this.component = fields.component;
    this.outcome = fields.outcome;
  }

  protected override fields(): Record<string, unknown> {
    return { path: this.path, component: this.component, outcome: this.outcome };
  }
}
