/**
 * A loopback server that answers `/barrier/<n>/<tag>` only once n such requests are
 * waiting. Requests made one after another never get past it (the guest times out),
 * so passing through proves they were in flight together, with no timing involved.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running barrier server. */
export interface Barrier {
  readonly server: Server;
  readonly origin: string;
  /** How many requests are waiting at the barrier of `count`. */
  waiting(count: number): number;
}

/** Starts a barrier server on 127.0.0.1. */
export async function startBarrier(): Promise<Barrier> {
  const waiting = new Map<string, ServerResponse[]>();
  const server = createServer((request: IncomingMessage, response) => {
    const [, , count = '1', tag = ''] = (request.url ?? '').split('/');
    const key = `${count}`;
    const group = [...(waiting.get(key) ?? []), response];
    waiting.set(key, group);
    response.setHeader('x-tag', tag);
    if (group.length < Number(count)) return;
    waiting.delete(key);
    for (const each of group) each.end(`released ${each.getHeader('x-tag')}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    waiting: (count) => waiting.get(`${count}`)?.length ?? 0,
  };
}
