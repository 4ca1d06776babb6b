import { z } from 'zod';
import type { HeaderList } from '../api/events.js';

/** A request's path and query. */
export const PATH = z.string().regex(/^\//, 'must start with "/"').describe('Path and query, starting with "/", e.g. "/hello?name=x"');

/** The arguments shared by send_request and replay_trace that make up a request's parts. */
export const REQUEST_PARTS = {
  method: z.string().min(1).optional().describe('HTTP method, e.g. GET or POST'),
  path: PATH.optional(),
  headers: z.record(z.string(), z.string()).optional().describe('Request headers by name (host, connection, content-length, transfer-encoding and keep-alive belong to the connection and are refused)'),
  body: z.string().optional().describe('The body as UTF-8 text'),
  bodyBase64: z.string().optional().describe('The body as base64, for bytes that are not text (instead of body)'),
};

/** What the agent gave of {@link REQUEST_PARTS}. */
export interface RequestParts {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly bodyBase64?: string;
}

/** The headers as the contract carries them. */
export function headerList(headers: Record<string, string>): HeaderList {
  return Object.entries(headers);
}

/** The body's bytes: from `bodyBase64`, else `body` as UTF-8; undefined when neither is given. */
export function bodyBytes(parts: RequestParts): Uint8Array | undefined {
  if (parts.bodyBase64 !== undefined) return new Uint8Array(Buffer.from(parts.bodyBase64, 'base64'));
  return parts.body === undefined ? undefined : new TextEncoder().encode(parts.body);
}
