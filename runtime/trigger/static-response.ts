import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { StaticResponse } from '../manifest/index.js';
import { InboundError } from './inbound-error.js';
import type { Response } from '../http/index.js';

/**
 * Spin's `respond_static_response` (`crates/trigger-http/src/server.rs`): the status
 * (default 200), the headers in manifest order and the body as UTF-8, and nothing else,
 * not even a `content-type`. The `http` crate sends header names lower-case and values
 * as their UTF-8 bytes, so they go out that way here too.
 *
 * @throws {InboundError} (`dropped`) where Spin's response builder fails (a status outside
 * 100-999, a header name or value hyper cannot send): Spin then closes the connection.
 */
export function staticResponseOf(trigger: string, path: string, response: StaticResponse): Response<Uint8Array> {
  const refuse = (reason: string): never => {
    throw new InboundError(`static_response of trigger ${trigger}: ${reason}; Spin closes the connection without a response`, { path, outcome: 'dropped' });
  };
  if (!Number.isInteger(response.status) || response.status < 100 || response.status > 999) refuse(`invalid status code ${response.status}`);
  const headers = response.headers.map(([name, value]): [string, string] => {
    const bytes = Buffer.from(value, 'utf8').toString('latin1');
    try {
      validateHeaderName(name);
      validateHeaderValue(name, bytes);
    } catch (error) {
      refuse(`invalid header ${JSON.stringify(name)}: ${(error as Error).message}`);
    }
    return [name.toLowerCase(), bytes];
  });
  return { status: response.status, headers, body: response.body === undefined ? new Uint8Array() : new TextEncoder().encode(response.body) };
}
