import { request as undiciRequest } from 'undici';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeniedError } from '../../../../runtime/dispatcher/index.js';
import { dispatchForError, get, useOutboundDispatcher, type CountingAgent, type Upstream } from '../../../support/outbound-dispatcher.js';

describe('enforcePolicy: allowed_outbound_hosts, checked before anything else', () => {
  const harness = useOutboundDispatcher();
  const { build, only } = harness;
  let upstream: Upstream;
  let agent: CountingAgent;
  beforeEach(() => ({ upstream, agent } = harness));

  it('records which allowed_outbound_hosts entry let the request out (the earliest that matches)', async () => {
    const { perform } = build(['https://example.com', 'http://127.0.0.1:*', upstream.origin]);
    await perform(get(`${upstream.origin}/data`));
    expect(only('outbound.response').allowedBy).toBe('http://127.0.0.1:*');
  });

  it('spec §9.41: records the self entry that let a relative request out', async () => {
    const { perform } = build(['https://example.com', 'http://self'], { selfOrigin: upstream.origin });
    await perform(get('/relative'));
    expect(only('outbound.response').allowedBy).toBe('http://self');
  });

  it('denies a host not in allowed_outbound_hosts without reaching the server', async () => {
    const { dispatcher, perform } = build(['https://example.com']);
    const result = await perform(get(`${upstream.origin}/secret`));
    expect(result).toEqual({ error: { tag: 'HTTP-request-denied' } });
    expect(upstream.seen).toHaveLength(0);
    expect(agent.dispatched).toBe(0);

    const denied = only('outbound.denied');
    expect(denied.explanation.suggestion).toBe(upstream.origin);
    // spec §12.54: the three lines spin up prints.
    expect(denied.spinLines).toEqual([
      `Outbound network destination not allowed: ${upstream.origin}`,
      `Warning: A component tried to make an outbound network connection to disallowed destination '${upstream.origin}'.`,
      `To allow this request, add 'allowed_outbound_hosts = ["${upstream.origin}"]' to the manifest component section.`,
    ]);

    const error = await dispatchForError(dispatcher, { origin: upstream.origin, path: '/secret', method: 'GET' });
    expect(error).toBeInstanceOf(DeniedError);
    expect(error).toMatchObject({ url: `${upstream.origin}/secret`, component: 'web', suggestion: upstream.origin, code: 'SPINSCOPE_DENIED' });
    expect(upstream.seen).toHaveLength(0);
  });

  it('denies a request that names no calling component, even through undici.request', async () => {
    const { dispatcher } = build([upstream.origin]);
    await expect(undiciRequest(`${upstream.origin}/anon`, { dispatcher })).rejects.toBeInstanceOf(DeniedError);
    expect(upstream.seen).toHaveLength(0);
  });

  it('spec §8.39: denies a port the entry does not name, with the port as the near miss', async () => {
    const { perform } = build(['http://127.0.0.1:1']);
    expect(await perform(get(`${upstream.origin}/`))).toEqual({ error: { tag: 'HTTP-request-denied' } });
    expect(only('outbound.denied').explanation.nearMisses).toEqual([{ entry: 'http://127.0.0.1:1', failed: 'port' }]);
  });

  it('spec §9.41: denies a relative request without a self entry, suggesting http://self', async () => {
    const { perform } = build([upstream.origin], { selfOrigin: upstream.origin });
    expect(await perform(get('/self'))).toEqual({ error: { tag: 'HTTP-request-denied' } });
    expect(upstream.seen).toHaveLength(0);
    const denied = only('outbound.denied');
    expect(denied.explanation.suggestion).toBe('http://self');
    expect(denied.spinLines?.[1]).toBe('Warning: A component tried to make an HTTP request to its own app but it does not have permission.');
  });
});
