import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectTimeoutAgents, outboundDispatcher, performOutboundWith } from '../../runtime/dispatcher/index.js';
import { EventStore } from '../../runtime/events/index.js';
import { AllowedHosts } from '../../runtime/permissions/index.js';
import { buildComponent } from '../support/build-component.js';
import { loadTestEngine, type TestEngine } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

/** A TCP server on 127.0.0.1:0 that accepts connections and never says a word, so a TLS handshake with it hangs. */
async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("a guest's request-options timeouts", () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let engine: TestEngine;
  const events = new EventStore();
  const dispatcher = outboundDispatcher({
    policies: new Map([['guest', AllowedHosts.parse(['https://127.0.0.1:*'])]]),
    events,
    dispatchInbound: async () => undefined,
    agent: new ConnectTimeoutAgents(),
  });

  beforeAll(async () => {
    silent = await startSilentServer();
    const wasm = await buildComponent('request-options');
    engine = await loadTestEngine(wasm, {}, { outbound: performOutboundWith(dispatcher, 'guest') });
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await engine?.close();
    await dispatcher.close();
    await silent?.close();
  });

  it('ends a connection whose TLS handshake never completes after the connect timeout, as connection-timeout', async () => {
    const target = `https://127.0.0.1:${silent.port}/`;
    const response = await engine.handle({
      method: 'GET',
      pathWithQuery: `/send?url=${encodeURIComponent(target)}&connect-timeout-ms=200`,
      headers: [],
      body: new Uint8Array(),
    });
    expect(Buffer.from(response.body).toString()).toBe('error connection-timeout');
    expect(events.events({ kinds: ['outbound.error'] })).toEqual([
      expect.objectContaining({ url: target, guestError: 'connection-timeout', error: expect.objectContaining({ code: 'UND_ERR_CONNECT_TIMEOUT' }) }),
    ]);
    // Far below undici's 10 s default connect timeout.
  }, 5_000);
});
