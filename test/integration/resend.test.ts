import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundRequestEvent, InboundResponseEvent, SpinscopeEvent } from '../../runtime/api/events.js';
import { ProjectSession } from '../../runtime/session/index.js';
import { testEngineOptions } from '../support/engine-options.js';
import { writeProbeProject } from '../support/probe-project.js';

const BUILD_TIMEOUT_MS = 180_000;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decoded = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

describe('sending requests to the app from the inspector (replay with changes, sendRequest)', () => {
  let work: string;
  let session: ProjectSession;

  /** The trace's inbound request and response, once both are recorded. */
  async function recorded(traceId: string | undefined): Promise<{ request: InboundRequestEvent; response: InboundResponseEvent }> {
    const events: readonly SpinscopeEvent[] = (await session.events({ traceId: traceId ?? 'none' })).events;
    const request = events.find((event): event is InboundRequestEvent => event.kind === 'inbound.request');
    const response = events.find((event): event is InboundResponseEvent => event.kind === 'inbound.response');
    if (request === undefined || response === undefined) throw new Error(`trace ${traceId} is not recorded whole: ${JSON.stringify(events.map((event) => event.kind))}`);
    return { request, response };
  }
  const header = (headers: readonly (readonly [string, string])[], name: string): string | undefined => headers.find(([each]) => each === name)?.[1];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-resend-'));
    const project = await writeProbeProject('probe-app', work);
    session = await ProjectSession.open({ project, listen: '127.0.0.1:0', engine: testEngineOptions(), recentProjectsFile: join(work, 'recent.json'), env: {}, variables: ['upstream=127.0.0.1:4'] });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('sends a request to the listener and answers with its status and the trace the app recorded for it', async () => {
    const result = await session.sendRequest({ method: 'POST', pathWithQuery: '/echo?from=inspector', headers: [['x-demo', 'it\'s "odd"'], ['content-type', 'text/plain']], body: text('sent body') });
    expect(result).toEqual({ status: 201, traceId: expect.any(String) });
    const { request, response } = await recorded(result.traceId);
    expect(request).toMatchObject({ method: 'POST', pathWithQuery: '/echo?from=inspector' });
    // The probe's /echo answers with what the guest received.
    expect(header(response.headers, 'x-echo-method')).toBe('POST');
    expect(header(response.headers, 'x-echo-x-demo')).toBe('it\'s "odd"');
    expect(decoded(response.body.captured)).toBe('sent body');
  });

  it('replays a recorded request with an edited method, header and body, which reach the guest; unchanged parts are as recorded', async () => {
    const { origin } = await session.status();
    await fetch(`${origin}/echo`, { method: 'POST', headers: { 'x-demo': 'original', 'x-kept': 'yes' }, body: 'original body' });
    const original = (await session.events({ kinds: ['inbound.request'] })).events.findLast((event) => event.kind === 'inbound.request' && event.pathWithQuery === '/echo');
    const traceId = original?.traceId ?? '';

    const edited = await session.replay(traceId, { method: 'PUT', headers: [['x-demo', 'edited']], body: text('edited body') });
    expect(edited.status).toBe(201);
    expect(edited.traceId).not.toBe(traceId);
    const { response } = await recorded(edited.traceId);
    expect(header(response.headers, 'x-echo-method')).toBe('PUT');
    expect(header(response.headers, 'x-echo-x-demo')).toBe('edited');
    expect(header(response.headers, 'x-echo-x-kept')).toBeUndefined();
    expect(decoded(response.body.captured)).toBe('edited body');

    const pathOnly = await session.replay(traceId, { pathWithQuery: '/echo?edited=path' });
    const again = await recorded(pathOnly.traceId);
    expect(again.request.pathWithQuery).toBe('/echo?edited=path');
    expect(header(again.response.headers, 'x-echo-method')).toBe('POST');
    expect(header(again.response.headers, 'x-echo-x-demo')).toBe('original');
    expect(header(again.response.headers, 'x-echo-x-kept')).toBe('yes');
    expect(decoded(again.response.body.captured)).toBe('original body');
  });

  it('finds the trace of each of many requests sent at once, among requests from other clients', async () => {
    const { origin } = await session.status();
    const paths = Array.from({ length: 6 }, (_, index) => `/concurrent-${index}`);
    const [results] = await Promise.all([
      Promise.all(paths.map((pathWithQuery) => session.sendRequest({ method: 'GET', pathWithQuery, headers: [] }))),
      Promise.all(paths.map((path) => fetch(`${origin}${path}?other-client`).then((response) => response.text()))),
    ]);
    const recordedPaths = await Promise.all(results.map(async (result) => (await recorded(result.traceId)).request.pathWithQuery));
    expect(recordedPaths).toEqual(paths);
  });

  it('answers without a trace for a request the app runs nothing for', async () => {
    expect(await session.sendRequest({ method: 'GET', pathWithQuery: '/.well-known/spin/health', headers: [] })).toEqual({ status: 200 });
  });

  it('refuses a request that cannot be sent, naming the part, before sending anything', async () => {
    const before = (await session.events()).events.length;
    await expect(session.sendRequest({ method: 'GE T', pathWithQuery: '/', headers: [] })).rejects.toMatchObject({
      code: 'SPINSCOPE_INVALID_REQUEST',
      part: 'method',
      message: expect.stringContaining('Cannot send the request: the method "GE T" is not an HTTP method'),
    });
    await expect(session.sendRequest({ method: 'GET', pathWithQuery: '/', headers: [['x-a', 'one\r\nx-b: two']] })).rejects.toMatchObject({ part: 'headers' });
    await expect(session.sendRequest({ method: 'GET', pathWithQuery: '/', headers: [['host', 'elsewhere.test']] })).rejects.toMatchObject({ part: 'headers' });
    await expect(session.sendRequest({ method: 'POST', pathWithQuery: '/', headers: [], body: new Uint8Array(512 * 1024 + 1) })).rejects.toMatchObject({ part: 'body' });
    await expect(session.sendRequest({ method: 'patch', pathWithQuery: '/', headers: [] })).rejects.toMatchObject({
      part: 'method',
      message: expect.stringContaining("the app's listener (Node's HTTP parser) accepts only these methods, in capitals"),
    });
    const trace = (await session.events({ kinds: ['inbound.request'] })).events.at(-1)?.traceId ?? '';
    await expect(session.replay(trace, { pathWithQuery: 'no-slash' })).rejects.toMatchObject({ part: 'path', message: expect.stringContaining('must start with "/"') });
    expect((await session.events()).events.length).toBe(before);
  });

  it('sends a path that looks like another authority to the app itself, as the path it is', async () => {
    const result = await session.sendRequest({ method: 'GET', pathWithQuery: '//elsewhere.test/x', headers: [] });
    expect((await recorded(result.traceId)).request.pathWithQuery).toBe('//elsewhere.test/x');
  });
});
