import { beforeEach, describe, expect, it } from 'vitest';
import { get, text, useOutboundDispatcher, type Upstream } from '../../../support/outbound-dispatcher.js';

describe('stripHostHeader: no guest-supplied Host reaches the network', () => {
  const harness = useOutboundDispatcher();
  const { build, only } = harness;
  let upstream: Upstream;
  beforeEach(() => ({ upstream } = harness));

  it('spec §13.56: strips a guest-supplied Host header so the server sees the URL authority', async () => {
    const { perform } = build([upstream.origin]);
    const result = await perform(get(`${upstream.origin}/h`, [['Host', 'evil.example'], ['x-kept', 'yes']]));
    expect(await text(result)).toBe(`saw GET /h host=127.0.0.1:${upstream.port}`);
    // The event records what the guest sent; recording never changes the request.
    expect(only('outbound.request').headers).toEqual([['Host', 'evil.example'], ['x-kept', 'yes']]);
  });
});
