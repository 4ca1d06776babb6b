import type { ServerResponse } from 'node:http';
import type { ByteQueue } from '../http/index.js';
import type { ResponseDelivery } from './response-delivery.js';

/**
 * Sends a body as the component writes it, taking from it only while the socket keeps
 * up, so a slow client holds the component back. A component that fails partway leaves
 * the response unfinished, so the connection is reset, as hyper does when Spin's body
 * errors. A client that goes away (even before the body started) stops holding the
 * component back.
 */
export function writeArrivingBody(body: ByteQueue, res: ServerResponse, delivery: ResponseDelivery): void {
  const flush = (): void => {
    if (body.size > 0 && !res.writableNeedDrain) delivery.write(body.take());
    if (body.error !== undefined) {
      delivery.closeByServer();
      res.destroy();
    } else if (body.done && body.size === 0 && !res.writableEnded) res.end();
  };
  body.onChange(flush);
  res.on('drain', flush);
  if (delivery.closed) body.discard();
  else res.on('close', () => body.discard());
  flush();
}
