import { SpinscopeError } from '../errors/spinscope-error.js';

/** A component's `{ url, digest }` source could not be downloaded, or did not match its digest. */
export class ComponentSourceError extends SpinscopeError {
  readonly code = 'SPINSCOPE_COMPONENT_SOURCE';
  readonly component: string;
  readonly url: string;

  constructor(message: string, fields: { component: string; url: string; cause?: unknown }) {
    super(`component "${fields.component}": ${message}`, { cause: fields.cause });
    this.component = fields.component;
    this.url = fields.url;
  }

  protected override fields(): Record<string, unknown> {
    return { component: this.component, url: this.url };
  }
}
