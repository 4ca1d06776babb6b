import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { replayDraft } from '../../runtime/session/replay-request.js';
import { sendToApp } from '../../runtime/session/send-request.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;
const BIG_BODY_BYTES = 64 << 20;
const BIG_UPLOAD_BYTES = 8 << 20;

/** What the probe's `/upload-big` sends: byte i is i % 251. */
function uploadPattern(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 251;
  return bytes;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** What the upstream saw of its big response: written in full, or cut off by the client. */
type BigBodyOutcome = 'finished' | 'closed early';

/** How long a write must wait for `drain` before the upstream calls its client stalled. */
const STALL_MS = 300;

/**
 * `/stream` sends "first", then waits for `/release` to send "rest" and end.
 * `/gate` answers once `/open-gate` is requested.
 * `/big` writes 64 MiB as fast as the client takes it; `/big-state` answers "stalled"
 * once a write of it has waited `STALL_MS` for the client, or "finished" if it never did.
 * `/upload?name=` answers with the body it received; `/signal?name=` answers once
 * `/upload?name=` with the same name has received its first bytes. `/upload-big` answers with the size and SHA-256 of its body.
 */
async function startStreamingUpstream(): Promise<{ server: Server; origin: string; bigBody: Promise<BigBodyOutcome> }> {
  let release: () => void = () => undefined;
  let settleBig: (outcome: BigBodyOutcome) => void = () => undefined;
  const bigBody = new Promise<BigBodyOutcome>((resolve) => (settleBig = resolve));
  const gateWaiters: (() => void)[] = [];
  const uploads = new Map<string, { started: Promise<void>; start: () => void }>();
  const uploadNamed = (name: string) => {
    let upload = uploads.get(name);
    if (upload === undefined) {
      let start: () => void = () => undefined;
      upload = { started: new Promise<void>((resolve) => (start = resolve)), start };
      uploads.set(name, upload);
    }
    return upload;
  };
  let bigFinished = false;
  let blockedSince: number | undefined;
  const server = createServer((request, response) => {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://upstream');
    if (pathname === '/upload') {
      const upload = uploadNamed(searchParams.get('name') ?? '');
      let received = '';
      request.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        upload.start();
      });
      request.on('end', () => response.end(`received: ${received}`));
    } else if (pathname === '/signal') {
      void uploadNamed(searchParams.get('name') ?? '').started.then(() => response.end('go'));
    } else if (request.url === '/upload-big') {
      const hash = createHash('sha256');
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        hash.update(chunk);
      });
      request.on('end', () => response.end(`${size} ${hash.digest('hex')}`));
    } else if (request.url === '/gate') {
      gateWaiters.push(() => response.end('open'));
    } else if (request.url === '/open-gate') {
      for (const open of gateWaiters.splice(0)) open();
      response.end();
    } else if (request.url === '/big-state') {
      const answer = (): void => {
        if (bigFinished) response.end('finished');
        else if (blockedSince !== undefined && Date.now() - blockedSince >= STALL_MS) response.end('stalled');
        else setTimeout(answer, 50);
      };
      answer();
    } else if (request.url === '/stream') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first');
      release = () => response.end('rest');
    } else if (request.url === '/release') {
      release();
      response.end('released');
    } else {
      const chunk = Buffer.alloc(64 << 10, 7);
      let written = 0;
      response.on('close', () => settleBig(response.writableFinished ? 'finished' : 'closed early'));
      const writeMore = (): void => {
        blockedSince = undefined;
        while (written < BIG_BODY_BYTES) {
          written += chunk.length;
          if (!response.write(chunk)) {
            blockedSince = Date.now();
            return void response.once('drain', writeMore);
          }
        }
        response.end(() => (bigFinished = true));
      };
      writeMore();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bigBody };
}

function manifest(wasm: string): string {
  return `spin_manifest_version = 2

[application]
name = "streaming"

[[trigger.http]]
route = "/..."
component = "web"

[component.web]
source = ${JSON.stringify(wasm)}
allowed_outbound_hosts = ["http://127.0.0.1:*", "http://web.spin.internal"]
`;
}

describe('bodies stream through the guest while they arrive', () => {
  let dir: string;
  let running: RunningApp;
  let upstream: Awaited<ReturnType<typeof startStreamingUpstream>>;

  const get = async (path: string) => {
    const response = await fetch(`${running.url}${path}`);
    return { status: response.status, text: await response.text() };
  };
  const eventsOf = <K extends SpinscopeEvent['kind']>(kind: K) =>
    running.events.events().filter((event): event is Extract<SpinscopeEvent, { kind: K }> => event.kind === kind);

  beforeAll(async () => {
    upstream = await startStreamingUpstream();
    dir = await mkdtemp(join(tmpdir(), 'spinscope-streaming-'));
    await writeFile(join(dir, 'spin.toml'), manifest(await buildComponent('probe')));
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', timeoutMs: 10_000, engine: testEngineOptions() });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    upstream?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lets the guest read the first chunk before the upstream has finished the body', async () => {
    const query = `url=${encodeURIComponent(`${upstream.origin}/stream`)}&then=${encodeURIComponent(`${upstream.origin}/release`)}`;
    expect(await get(`/stream-first?${query}`)).toEqual({ status: 200, text: 'first: first; rest: rest' });
    const streamed = eventsOf('outbound.response').find((event) => event.url.endsWith('/stream'));
    expect(Buffer.from(streamed?.body.captured ?? []).toString()).toBe('firstrest');
  });

  it('paces the upstream by what the guest reads, and cuts off a body it leaves unread, recording why', async () => {
    // The guest reads 1 MiB of 64 MiB and stops: the upstream must stall rather than
    // stream the rest into memory, and be cut off once the guest answers.
    const query = `url=${encodeURIComponent(`${upstream.origin}/big`)}&bytes=${1 << 20}&then=${encodeURIComponent(`${upstream.origin}/big-state`)}`;
    expect(await get(`/read-some?${query}`)).toEqual({ status: 200, text: `read at least ${1 << 20} bytes; then: stalled` });
    expect(await upstream.bigBody).toBe('closed early');
    const abandoned = eventsOf('outbound.error').find((event) => event.url.endsWith('/big'));
    expect(abandoned?.error).toMatchObject({ code: 'SPINSCOPE_RESPONSE_BODY_ABANDONED' });
    expect(eventsOf('outbound.response').some((event) => event.url.endsWith('/big'))).toBe(false);
  });

  /** Reads `path`'s first chunk, opens the upstream's gate, then reads the rest. */
  async function readAcrossGate(path: string): Promise<{ first: string; rest: string }> {
    const response = await fetch(`${running.url}${path}`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    await fetch(`${upstream.origin}/open-gate`);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    return { first, rest };
  }

  it("sends the guest's response head and first bytes to the client before the guest has finished", async () => {
    const gate = encodeURIComponent(`${upstream.origin}/gate`);
    expect(await readAcrossGate(`/stream-out?gate=${gate}`)).toEqual({ first: 'one;', rest: 'two' });
    const answered = eventsOf('inbound.response').find((event) => Buffer.from(event.body.captured).toString() === 'one;two');
    expect(answered?.timings.headers).toBeLessThan(answered?.timings.end ?? 0);
  });

  it("spec §10.44: streams a chained component's response through the hop and the caller", async () => {
    const chained = encodeURIComponent(`http://web.spin.internal/stream-out?gate=${encodeURIComponent(`${upstream.origin}/gate`)}`);
    expect(await readAcrossGate(`/pass-through?url=${chained}`)).toEqual({ first: 'one;', rest: 'two' });
  });

  it("streams a guest's upload: the upstream gets the first piece before the guest writes the last", async () => {
    // The guest writes "last" only once /signal answers, which it does only after /upload
    // has received "first": without streaming, the upload waits for a body that never ends.
    const query = `url=${encodeURIComponent(`${upstream.origin}/upload?name=direct`)}&signal=${encodeURIComponent(`${upstream.origin}/signal?name=direct`)}`;
    expect(await get(`/upload-stream?${query}`)).toEqual({ status: 200, text: 'upstream said 200: received: first;last' });
    const request = eventsOf('outbound.request').find((event) => event.url.endsWith('/upload?name=direct'));
    expect(request?.body).toBeUndefined();
    const response = eventsOf('outbound.response').find((event) => event.parentId === request?.id);
    expect(response?.requestBody).toMatchObject({ size: 10, truncated: false });
    expect(Buffer.from(response?.requestBody?.captured ?? []).toString()).toBe('first;last');
  });

  it('streams a large upload intact, recording its true size with the first 1 MiB', async () => {
    const query = `url=${encodeURIComponent(`${upstream.origin}/upload-big`)}&bytes=${BIG_UPLOAD_BYTES}`;
    const expected = uploadPattern(BIG_UPLOAD_BYTES);
    expect(await get(`/upload-big?${query}`)).toEqual({ status: 200, text: `upstream said 200: ${BIG_UPLOAD_BYTES} ${sha256(expected)}` });
    const response = eventsOf('outbound.response').find((event) => event.url.endsWith('/upload-big'));
    expect(response?.requestBody).toMatchObject({ size: BIG_UPLOAD_BYTES, truncated: true });
    expect(Buffer.from(response?.requestBody?.captured ?? []).equals(expected.subarray(0, 1 << 20))).toBe(true);
  });

  /** POSTs "first" to `path`, and the rest only once the response has come: it comes only if the guest reads the body as it arrives. */
  function answeredBeforeUpload(path: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, running.url);
      const request = httpRequest(url, { method: 'POST', agent: false }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        request.end('rest');
      });
      request.on('error', reject);
      request.write('first');
    });
  }

  it('hands the guest the inbound body as it arrives: it answers before the client has sent the rest', async () => {
    expect(await answeredBeforeUpload('/read-first')).toEqual({ status: 200, text: 'first: first' });
    const answered = eventsOf('inbound.response').find((event) => event.requestBody !== undefined && Buffer.from(event.body.captured).toString() === 'first: first');
    expect(Buffer.from(answered?.requestBody?.captured ?? []).toString()).toBe('first');
  });

  it('spec §10.44: streams an upload through a chain hop into the chained guest and on to its upstream', async () => {
    // The caller writes "last" only once /upload has received "first;", which has to pass
    // through the hop and the chained guest's own upload while the caller is still writing.
    const passOn = `http://web.spin.internal/pass-upload?url=${encodeURIComponent(`${upstream.origin}/upload?name=chained`)}`;
    const query = `url=${encodeURIComponent(passOn)}&signal=${encodeURIComponent(`${upstream.origin}/signal?name=chained`)}`;
    expect(await get(`/upload-stream?${query}`)).toEqual({ status: 200, text: 'upstream said 200: received: first;last' });
  });

  it("streams an upload through the app's own listener into a guest and on to its upstream", async () => {
    const passOn = `${running.url}/pass-upload?url=${encodeURIComponent(`${upstream.origin}/upload?name=loopback`)}`;
    const query = `url=${encodeURIComponent(passOn)}&signal=${encodeURIComponent(`${upstream.origin}/signal?name=loopback`)}`;
    expect(await get(`/upload-stream?${query}`)).toEqual({ status: 200, text: 'upstream said 200: received: first;last' });
  });

  it('echoes a large upload intact, recording its true size, and replays a streamed body', async () => {
    const upload = uploadPattern(BIG_UPLOAD_BYTES);
    const response = await fetch(`${running.url}/echo`, { method: 'POST', body: upload });
    expect(response.status).toBe(201);
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(upload));
    // A guest writing to a slow reader is held back, so it may finish (and be recorded) just after the client has it all.
    const big = await vi.waitFor(() => {
      const recorded = eventsOf('inbound.response').find((event) => event.requestBody?.size === BIG_UPLOAD_BYTES);
      if (recorded === undefined) throw new Error('the echo of the large upload is not recorded yet');
      return recorded;
    });
    expect(big.requestBody?.truncated).toBe(true);

    expect((await fetch(`${running.url}/echo`, { method: 'POST', body: 'again' })).status).toBe(201);
    const small = eventsOf('inbound.response').findLast((event) => event.status === 201);
    const trace = running.events.events().filter((event) => event.traceId === small?.traceId);
    const result = await sendToApp(replayDraft(trace), running.url, running.events);
    expect(result).toEqual({ status: 201, traceId: expect.any(String) });
    const replayed = eventsOf('inbound.response').findLast((event) => event.status === 201);
    expect(replayed?.traceId).toBe(result.traceId);
    expect(replayed?.traceId).not.toBe(small?.traceId);
    expect(Buffer.from(replayed?.requestBody?.captured ?? []).toString()).toBe('again');
  });
});
