import { SpinscopeError } from '../errors/spinscope-error.js';

/**
 * A route that cannot be built or matched, or a chaining target that is not in the
 * trigger table. Messages keep Spin's wording (`crates/routes/src/lib.rs`, `server.rs`).
 */
export class RouteError extends SpinscopeError {
  readonly code = 'SPINSCOPE_ROUTE';
  /** The route as written in the manifest, when one is to blame. */
  readonly route: string | undefined;
  /** The component the route or chaining request names. */
  readonly component: string | undefined;

  constructor(message: string, fields: { route?: string | undefined; component?: string | undefined } = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.route = fields.route;
    this.component = fields.component;
  }

  protected override fields(): Record<string, unknown> {
    return { route: this.route, component: this.component };
  }
}
