import { beforeEach, describe, expect, it } from 'vitest';
import { get, text, useOutboundDispatcher, type Upstream } from '../../../support/outbound-dispatcher.js';

describe("routeSelf: relative requests go to the app's own origin", () => {
  const harness = useOutboundDispatcher();
  const { build, only } = harness;
  let upstream: Upstream;
  beforeEach(() => ({ upstream } = harness));

  it('spec §9.42: sends a relative request to the app origin once http://self allows it', async () => {
    const { perform } = build(['http://self'], { selfOrigin: upstream.origin });
    expect(await text(await perform(get('/self/path?q=1')))).toBe(`saw GET /self/path?q=1 host=127.0.0.1:${upstream.port}`);
    expect(await text(await perform(get('http://self.alt/alt')))).toBe(`saw GET /alt host=127.0.0.1:${upstream.port}`);
    // wasmtime fills in a relative URL as https://:443/path (spec §9.40).
    expect(await text(await perform(get('https://:443/filled')))).toBe(`saw GET /filled host=127.0.0.1:${upstream.port}`);
  });

  it('spec §9.42: answers HTTP-request-URI-invalid for an allowed self request when the app has no origin', async () => {
    const { perform } = build(['http://self']);
    expect(await perform(get('/self'))).toEqual({ error: { tag: 'HTTP-request-URI-invalid' } });
    expect(only('outbound.error')).toMatchObject({ guestError: 'HTTP-request-URI-invalid', error: { code: 'SPINSCOPE_NO_SELF_ORIGIN' }, allowedBy: 'http://self' });
  });
});
