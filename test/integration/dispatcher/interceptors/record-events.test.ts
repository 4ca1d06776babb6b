import { beforeEach, describe, expect, it } from 'vitest';
import { readBody } from '../../../support/read-body.js';
import { get, MiB, partsOf, text, TRACE, useOutboundDispatcher, type Upstream } from '../../../support/outbound-dispatcher.js';

describe('recordEvents: every outbound exchange recorded as events, the request unchanged', () => {
  const harness = useOutboundDispatcher();
  const { build, kinds, only } = harness;
  let upstream: Upstream;
  beforeEach(() => ({ upstream } = harness));

  it('sends an allowed GET to the server and records request and response events', async () => {
    const { perform } = build([upstream.origin]);
    const delivered = await text(await perform(get(`${upstream.origin}/data?x=1`)));
    expect(delivered).toBe(`saw GET /data?x=1 host=127.0.0.1:${upstream.port}`);
    expect(kinds()).toEqual(['outbound.request', 'outbound.response']);
    const request = only('outbound.request');
    expect(request).toMatchObject({ component: 'web', url: `${upstream.origin}/data?x=1`, method: 'GET', ...TRACE });
    const response = only('outbound.response');
    expect(response).toMatchObject({ status: 200, parentId: request.id, traceId: TRACE.traceId, body: { truncated: false } });
    expect(Buffer.from(response.body.captured).toString()).toBe(delivered);
    expect(response.timings.start).toBeLessThanOrEqual(response.timings.headers);
    expect(response.timings.headers).toBeLessThanOrEqual(response.timings.end);
  });

  it('delivers a 5 MiB body in full while the event captures 1 MiB of it', async () => {
    const { perform } = build([upstream.origin]);
    const result = await perform(get(`${upstream.origin}/huge`));
    if (!('response' in result)) throw new Error('expected a response');
    const delivered = await readBody(result.response.body);
    expect(delivered.byteLength).toBe(5 * MiB);
    expect(delivered.every((byte) => byte === 7)).toBe(true);
    const { body } = only('outbound.response');
    expect(body.captured.byteLength).toBe(MiB);
    expect(body.size).toBe(5 * MiB);
    expect(body.truncated).toBe(true);
  });

  it('sends a request body unchanged while the event captures only the first 1 MiB', async () => {
    const { perform } = build([upstream.origin]);
    const body = new Uint8Array(2 * MiB).fill(3);
    const result = await perform({ method: 'POST', ...partsOf(`${upstream.origin}/count`), headers: [], body });
    expect(await text(result)).toBe(`received ${2 * MiB} bytes`);
    const recorded = only('outbound.request').body;
    expect(recorded).toMatchObject({ size: 2 * MiB, truncated: true });
    expect(recorded?.captured.byteLength).toBe(MiB);
  });

  it('records the allowing entry on an allowed request whose host name does not resolve', async () => {
    const { perform } = build(['http://spinscope-nowhere.invalid']);
    expect(await perform(get('http://spinscope-nowhere.invalid/'))).toEqual({ error: { tag: 'DNS-error', val: { rcode: 'address not available', infoCode: 0 } } });
    expect(only('outbound.error')).toMatchObject({ guestError: 'DNS-error', error: { code: 'ENOTFOUND' }, allowedBy: 'http://spinscope-nowhere.invalid' });
  });
});
