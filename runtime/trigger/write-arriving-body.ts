import type { ServerResponse } from 'node:http';
import type { ArrivingBytes } from './inbound-message.js';

/**
 * Sends a body as the component writes it. A component that fails partway leaves the
 * response unfinished, so the connection is reset, as hyper does when Spin's body errors.
 */
export function writeArrivingBody(body: ArrivingBytes, res: ServerResponse): void {
  const flush = (): void => {
    if (body.size > 0) res.write(body.take());
    if (body.error !== undefined) res.destroy();
    else if (body.done) res.end();
  };
  body.onChange(flush);
  flush();
}
