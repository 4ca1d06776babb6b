import { beforeEach, describe, expect, it } from 'vitest';
import { readBody } from '../../support/read-body.js';
import { get, startUpstream, text, useOutboundDispatcher, type Upstream } from '../../support/outbound-dispatcher.js';

describe("performOutboundWith: a guest's request through the whole dispatcher, to undici and back", () => {
  const harness = useOutboundDispatcher();
  const { build, only } = harness;
  let upstream: Upstream;
  beforeEach(() => ({ upstream } = harness));

  it('returns a 302 to the guest instead of following it', async () => {
    const { perform } = build([upstream.origin]);
    const result = await perform(get(`${upstream.origin}/redirect`));
    expect('response' in result && result.response.status).toBe(302);
    expect('response' in result && result.response.headers).toContainEqual(['location', '/elsewhere']);
    expect(upstream.seen.map((request) => request.url)).toEqual(['/redirect']);
  });

  it('drops a fragment from the request target, relative or not, as hyper does', async () => {
    const { perform } = build(['http://self', upstream.origin], { selfOrigin: upstream.origin });
    expect(await text(await perform(get('/self?q=1#a fragment')))).toBe(`saw GET /self?q=1 host=127.0.0.1:${upstream.port}`);
    expect(await text(await perform(get(`${upstream.origin}/abs#a fragment`)))).toBe(`saw GET /abs host=127.0.0.1:${upstream.port}`);
  });

  it("enforces the guest's first-byte timeout (request-options) as Spin's connection-read-timeout", async () => {
    const { perform } = build([upstream.origin]);
    const request = { ...get(`${upstream.origin}/no-headers`), timeouts: { connectMs: undefined, firstByteMs: 100, betweenBytesMs: undefined } };
    expect(await perform(request)).toEqual({ error: { tag: 'connection-read-timeout' } });
  });

  it("enforces the guest's between-bytes timeout on a stalled response body, failing the body read", async () => {
    const { perform } = build([upstream.origin]);
    const request = { ...get(`${upstream.origin}/stalled-body`), timeouts: { connectMs: undefined, firstByteMs: undefined, betweenBytesMs: 100 } };
    const result = await perform(request);
    if (!('response' in result)) throw new Error(`expected the head before the stall, got ${JSON.stringify(result)}`);
    await expect(readBody(result.response.body)).rejects.toMatchObject({ errorCode: { tag: 'connection-read-timeout' } });
  });

  it('answers connection-refused when nothing listens on an allowed port', async () => {
    const closed = await startUpstream((_request, response) => response.end());
    await closed.close();
    const { perform } = build([closed.origin]);
    expect(await perform(get(`${closed.origin}/`))).toEqual({ error: { tag: 'connection-refused' } });
    expect(only('outbound.error')).toMatchObject({ guestError: 'connection-refused', error: { code: 'ECONNREFUSED' }, allowedBy: closed.origin });
  });

  it('sends requests to two slow upstreams concurrently', async () => {
    const log: string[] = [];
    const slow = (name: string) =>
      startUpstream((_request, response) => {
        log.push(`${name} received`);
        setTimeout(() => {
          log.push(`${name} responded`);
          response.end(name);
        }, 300);
      });
    const [a, b] = await Promise.all([slow('a'), slow('b')]);
    try {
      const { perform } = build([a.origin, b.origin]);
      const results = await Promise.all([perform(get(`${a.origin}/`)), perform(get(`${b.origin}/`))]);
      expect(await Promise.all(results.map(text))).toEqual(['a', 'b']);
      // Both servers saw their request before either answered: neither waited for the other.
      expect(log.slice(0, 2).sort()).toEqual(['a received', 'b received']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
