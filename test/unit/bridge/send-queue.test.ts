import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { decodeMessage, encodeMessage, type ServerMessage } from '../../../runtime/api/bridge-protocol.js';
import { SEND_LIMITS, SendQueue, type SendLimits } from '../../../runtime/bridge/send-queue.js';

const KIB = 1024;

/** A server socket and the client connected to it, on 127.0.0.1. */
async function socketPair(): Promise<{ server: WebSocket; client: WebSocket; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { maxPayload: 256 * 1024 * KIB });
  client.on('error', () => undefined);
  const server = await accepted;
  await new Promise((resolve) => (client.readyState === client.OPEN ? resolve(undefined) : client.once('open', resolve)));
  return {
    server,
    client,
    close: async () => {
      client.terminate();
      for (const each of wss.clients) each.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

const received = (client: WebSocket, count: number): Promise<ServerMessage[]> =>
  new Promise((resolve) => {
    const messages: ServerMessage[] = [];
    client.on('message', (data) => {
      messages.push(decodeMessage(String(data)) as ServerMessage);
      if (messages.length === count) resolve(messages);
    });
  });

const bodyResult = (id: number, bytes: number): ServerMessage => ({ type: 'result', id, value: { captured: new Uint8Array(bytes).fill(id % 256), size: bytes, truncated: false } });

let pairs: Awaited<ReturnType<typeof socketPair>>[] = [];
afterEach(async () => {
  await Promise.all(pairs.map((pair) => pair.close()));
  pairs = [];
});

describe('SendQueue', () => {
  it('delivers every message in order, a large one as fragments of one message', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const queue = new SendQueue(pair.server);
    const messages = [bodyResult(1, 10), bodyResult(2, 3 * 1024 * KIB), { type: 'status', status: { state: 'running', isExample: false, routes: [] } } as const, bodyResult(3, 5)];
    const arriving = received(pair.client, messages.length);
    for (const message of messages) queue.send(message);
    expect((await arriving).map((message) => encodeMessage(message))).toEqual(messages.map((message) => encodeMessage(message)));
  });

  it('answers a call whose value cannot be encoded with an error, and goes on', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const queue = new SendQueue(pair.server);
    const arriving = received(pair.client, 2);
    queue.send({ type: 'result', id: 7, value: { count: 10n } });
    queue.send(bodyResult(8, 1));
    const [failed, next] = await arriving;
    expect(failed).toMatchObject({ type: 'error', id: 7, error: { code: 'SPINSCOPE_BRIDGE', message: expect.stringMatching(/could not be encoded/) } });
    expect(next).toMatchObject({ type: 'result', id: 8 });
  });

  it('disconnects a client that stops reading once the queue outgrows its limit, rather than buffer', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const limits: SendLimits = { ...SEND_LIMITS, maxQueuedBytes: 256 * KIB, maxBufferedBytes: 256 * KIB, closeGraceMs: 100 };
    const queue = new SendQueue(pair.server, limits);
    (pair.client as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise<number>((resolve) => pair.server.once('close', resolve));
    let sent = 0;
    while (!queue.closed && sent < 10_000) {
      queue.send(bodyResult(sent++, 64 * KIB));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(queue.closed).toBe(true);
    // 10,000 answers of 64 KiB would be 640 MiB; it gave up after a few megabytes.
    expect(sent).toBeLessThan(200);
    expect(pair.server.bufferedAmount).toBeLessThan(2 * 1024 * KIB);
    // The client never reads the close frame: its socket is destroyed after the grace period.
    expect(await closed).toBe(1006);
  });

  it('disconnects a client whose socket stays full for stallMs', async () => {
    const pair = await socketPair();
    pairs.push(pair);
    const limits: SendLimits = { ...SEND_LIMITS, maxQueuedBytes: 1024 * 1024 * KIB, maxBufferedBytes: 64 * KIB, stallMs: 200, closeGraceMs: 100 };
    const queue = new SendQueue(pair.server, limits);
    (pair.client as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise((resolve) => pair.server.once('close', resolve));
    // One large answer fills the socket; the next waits for room that never comes.
    const started = performance.now();
    queue.send(bodyResult(1, 16 * 1024 * KIB));
    queue.send(bodyResult(2, 1));
    expect(queue.closed).toBe(false);
    await closed;
    expect(queue.closed).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });
});
