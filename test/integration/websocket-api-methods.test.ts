import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BROWSER_CALL_METHODS, callArgumentsProblem, type SpinscopeApi } from '../../runtime/api/contract.js';
import { startBridge, type Bridge } from '../../runtime/bridge/index.js';
import { WebSocketApi, type BridgeSocket } from '../../runtime/bridge-client/websocket-api.js';
import { bridgeSocket } from '../support/bridge-socket-url.js';

/** What the recording API answers: the method's name, but an empty page for `events`, which the client reads. */
function answer(method: string): unknown {
  return method === 'events' ? { events: [], evicted: 0, evictedBytes: 0 } : method;
}

/**
 * The renderer's WebSocket client against a real bridge on 127.0.0.1, serving an API
 * that records each call and answers as {@link answer} says: what matters here is which
 * calls get through, not what a project does with them.
 */
describe("the renderer's WebSocket client, method by method", () => {
  const calls: { method: string; args: unknown[] }[] = [];
  const recording = new Proxy({} as SpinscopeApi, {
    get: (_target, method: string) => {
      if (method === 'onEvents' || method === 'onStatus') return () => () => undefined;
      return async (...args: unknown[]) => {
        calls.push({ method, args });
        return answer(method);
      };
    },
  });
  let bridge: Bridge;
  let client: WebSocketApi;

  beforeAll(async () => {
    bridge = await startBridge({ session: recording, port: 0 });
    const { url, origin } = bridgeSocket(bridge.openUrl);
    client = new WebSocketApi(url, { createSocket: (address) => new WebSocket(address, { headers: { origin } }) as unknown as BridgeSocket });
  });

  afterAll(async () => {
    client?.close();
    await bridge?.close();
  });

  it("has every call of the contract's method table a browser has, and each reaches the bridge as that method", async () => {
    calls.length = 0;
    for (const method of BROWSER_CALL_METHODS) {
      const call = client[method] as () => Promise<unknown>;
      expect(typeof call).toBe('function');
      // Called without arguments: one that takes none is answered; the others are refused in their own words, so the bridge knew them.
      const outcome = await call.call(client).then(
        () => ({ answered: true }),
        (error: Error) => ({ refused: error.message }),
      );
      const problem = callArgumentsProblem(method, []);
      expect(outcome).toEqual(problem === undefined ? { answered: true } : { refused: problem });
    }
    expect(calls.map(({ method }) => method)).toEqual(BROWSER_CALL_METHODS.filter((method) => callArgumentsProblem(method, []) === undefined));
  });

  it('has no folder picker, which only the desktop window offers', () => {
    expect('pickProject' in client).toBe(false);
  });

  it('sends the arguments it is given, left-out optional ones at the end dropped, bytes as bytes', async () => {
    calls.length = 0;
    const value = Uint8Array.from([0, 1, 255]);
    await client.keyValueKeys('default');
    await client.keyValueKeys('default', { prefix: 'user:' });
    await client.discardSessionChanges();
    await client.discardSessionChanges('web');
    await client.keyValueSet('default', 'counter', value);
    await client.events(undefined, { after: '2' });
    expect(calls).toEqual([
      { method: 'keyValueKeys', args: ['default'] },
      { method: 'keyValueKeys', args: ['default', { prefix: 'user:' }] },
      { method: 'discardSessionChanges', args: [] },
      { method: 'discardSessionChanges', args: ['web'] },
      { method: 'keyValueSet', args: ['default', 'counter', value] },
      { method: 'events', args: [{}, { after: '2' }] },
    ]);
    expect(calls[4]?.args[2]).toBeInstanceOf(Uint8Array);
  });
});
