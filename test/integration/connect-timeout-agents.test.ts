import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectTimeoutAgents } from '../../runtime/dispatcher/index.js';

/** More distinct timeouts than the agents it keeps (16), so the oldest are closed while they serve. */
const DISTINCT_TIMEOUTS = 20;

describe('ConnectTimeoutAgents', () => {
  const waiting: ServerResponse[] = [];
  const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    // Every request waits until all of them have arrived, so all are in flight at once.
    waiting.push(response);
    if (waiting.length === DISTINCT_TIMEOUTS) for (const held of waiting.splice(0)) held.end('ok');
  });
  let origin: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves requests with many distinct connect timeouts at once, finishing those on agents it retires', async () => {
    const agents = new ConnectTimeoutAgents();
    // undici's request() hands its options, connectTimeout included, to dispatch().
    const send = (connectTimeout: number) => request(`${origin}/t${connectTimeout}`, { dispatcher: agents, connectTimeout } as Parameters<typeof request>[1]);
    const responses = await Promise.all(Array.from({ length: DISTINCT_TIMEOUTS }, (_, i) => send(5_000 + i)));
    const bodies = await Promise.all(responses.map((response) => response.body.text()));
    expect(bodies).toEqual(Array.from({ length: DISTINCT_TIMEOUTS }, () => 'ok'));
    await agents.close();
    // Not a fresh agent for a timeout it had retired: every request after close() is refused.
    await expect(send(5_000)).rejects.toMatchObject({ code: 'UND_ERR_DESTROYED' });
  });
});
