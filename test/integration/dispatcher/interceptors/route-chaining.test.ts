import { beforeEach, describe, expect, it } from 'vitest';
import type { DispatchInbound } from '../../../../runtime/dispatcher/index.js';
import type { OutboundRequest, Request } from '../../../../runtime/http/index.js';
import { get, text, TRACE, useOutboundDispatcher, type CountingAgent } from '../../../support/outbound-dispatcher.js';

describe('routeChaining: <id>.spin.internal requests answered in process', () => {
  const harness = useOutboundDispatcher();
  const { build, kinds, only } = harness;
  let agent: CountingAgent;
  beforeEach(() => ({ agent } = harness));

  it('spec §10.44: hands a <id>.spin.internal request to the injected hook without opening a socket', async () => {
    const calls: { component: string; request: Request<Uint8Array | AsyncIterable<Uint8Array>>; parentId: string }[] = [];
    const dispatchInbound: DispatchInbound = async (component, request, trace) => {
      calls.push({ component, request, parentId: trace.parentId });
      return { status: 201, headers: [['x-from', component]], body: new TextEncoder().encode('chained') };
    };
    const { perform } = build(['http://*.spin.internal'], { dispatchInbound });
    const request: OutboundRequest = {
      method: 'POST',
      scheme: 'http',
      authority: 'back.spin.internal',
      pathWithQuery: '/api/items?x=1',
      headers: [['host', 'spoofed'], ['content-type', 'text/plain']],
      body: new TextEncoder().encode('payload'),
    };
    const result = await perform(request);
    expect(result).toMatchObject({ response: { status: 201, headers: [['x-from', 'back']] } });
    expect(await text(result)).toBe('chained');
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.component).toBe('back');
    expect(call?.request).toMatchObject({
      method: 'POST',
      pathWithQuery: '/api/items?x=1',
      scheme: 'http',
      authority: 'back.spin.internal',
      // spec §13.56: Host is removed before chaining too.
      headers: [['content-type', 'text/plain']],
    });
    expect(Buffer.from(call!.request.body as Uint8Array).toString()).toBe('payload');
    expect(agent.dispatched).toBe(0);

    const outbound = only('outbound.request');
    expect(call?.parentId).toBe(outbound.id);
    expect(only('chain.hop')).toMatchObject({ from: 'web', to: 'back', parentId: outbound.id, traceId: TRACE.traceId });
    expect(kinds()).toEqual(['outbound.request', 'chain.hop', 'outbound.response']);
  });

  it('spec §10.43: denies chaining to a component that does not exist when the entry is http://*.spin.internal', async () => {
    const { perform } = build(['http://*.spin.internal']);
    expect(await perform(get('http://nothere.spin.internal/'))).toEqual({ error: { tag: 'HTTP-request-denied' } });
  });

  it('spec §10.45: traps the caller when an allowed chaining target has no trigger', async () => {
    const { perform } = build(['*://*:*'], { dispatchInbound: async () => undefined });
    const result = await perform(get('http://ghost.spin.internal/'));
    expect(result).toEqual({ trap: expect.stringContaining("unknown routing destination 'ghost'") });
    expect(only('outbound.error').error.code).toBe('SPINSCOPE_UNKNOWN_CHAINING_TARGET');
    expect(agent.dispatched).toBe(0);
  });
});
