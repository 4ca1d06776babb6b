import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;
const TOTAL_BYTES = 32 << 20;
/**
 * How far the guest may get while its reader takes nothing: the 1 MiB window plus what
 * the sockets' kernel buffers hold on loopback; without backpressure it makes all 32 MiB.
 */
const STALLED_AT_MOST = 12 << 20;
/** How long the guest's progress must stay put to count as stopped. */
const STILL_MS = 1000;

/** What the probe's `/write-big` and `/upload-big` make: byte i is i % 251. */
function pattern(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 251;
  return bytes;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Waits until `made()` is above 0 and has not changed for `STILL_MS`, and returns it: where a held-back guest stops, or everything. */
async function whereItStops(made: () => number): Promise<number> {
  let last = -1;
  let stillSince = Date.now();
  for (;;) {
    await sleep(100);
    const now = made();
    if (now !== last) [last, stillSince] = [now, Date.now()];
    else if (now > 0 && Date.now() - stillSince >= STILL_MS) return now;
  }
}

/** Reads `stream` to its end: its size and SHA-256. */
async function digest(stream: IncomingMessage): Promise<string> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    hash.update(chunk);
  }
  return `${size} ${hash.digest('hex')}`;
}

/**
 * `/progress/<name>?made=` records how far the guest has got with `name` (the most it reported).
 * `/slow-upload` reads nothing of its body until `/read-upload`, then answers with the
 * body's size and SHA-256.
 */
async function startUpstream(): Promise<{ server: Server; origin: string; made: (name: string) => number }> {
  const made = new Map<string, number>();
  let startReading: () => void = () => undefined;
  const reading = new Promise<void>((resolve) => (startReading = resolve));
  const server = createServer((request, response) => {
    const { pathname, searchParams } = new URL(request.url ?? '/', 'http://upstream');
    if (pathname.startsWith('/progress/')) {
      const name = pathname.slice('/progress/'.length);
      made.set(name, Math.max(made.get(name) ?? 0, Number(searchParams.get('made'))));
      response.end();
    } else if (pathname === '/slow-upload') {
      void reading.then(async () => response.end(await digest(request)));
    } else if (pathname === '/read-upload') {
      startReading();
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, made: (name) => made.get(name) ?? 0 };
}

function manifest(wasm: string): string {
  return `spin_manifest_version = 2

[application]
name = "write-backpressure"

[[trigger.http]]
route = "/..."
component = "web"

[component.web]
source = ${JSON.stringify(wasm)}
allowed_outbound_hosts = ["http://127.0.0.1:*"]
`;
}

describe("a slow reader holds back the guest writing to it, as wasmtime's output streams do", () => {
  let dir: string;
  let running: RunningApp;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;

  beforeAll(async () => {
    upstream = await startUpstream();
    dir = await mkdtemp(join(tmpdir(), 'spinscope-write-backpressure-'));
    await writeFile(join(dir, 'spin.toml'), manifest(await buildComponent('probe')));
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', timeoutMs: 60_000, engine: testEngineOptions() });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    upstream?.server.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stops a guest writing its response near the window while the client reads nothing, then delivers it intact', async () => {
    const progress = encodeURIComponent(`${upstream.origin}/progress/response`);
    const url = new URL(`/write-big?bytes=${TOTAL_BYTES}&progress=${progress}`, running.url);
    // An unread IncomingMessage stops Node reading its socket, so the client takes nothing.
    const response = await new Promise<IncomingMessage>((resolve, reject) => httpRequest(url, { agent: false }, resolve).on('error', reject).end());
    const stalledAt = await whereItStops(() => upstream.made('response'));
    expect(stalledAt).toBeLessThanOrEqual(STALLED_AT_MOST);
    expect(await digest(response)).toBe(`${TOTAL_BYTES} ${sha256(pattern(TOTAL_BYTES))}`);
    expect(upstream.made('response')).toBe(TOTAL_BYTES);
  }, 60_000);

  it('stops a guest writing an upload near the window while the upstream reads nothing, then delivers it intact', async () => {
    const progress = encodeURIComponent(`${upstream.origin}/progress/upload`);
    const target = encodeURIComponent(`${upstream.origin}/slow-upload`);
    const answer = fetch(`${running.url}/upload-big?bytes=${TOTAL_BYTES}&url=${target}&progress=${progress}`);
    const stalledAt = await whereItStops(() => upstream.made('upload'));
    expect(stalledAt).toBeLessThanOrEqual(STALLED_AT_MOST);
    await fetch(`${upstream.origin}/read-upload`);
    expect(await (await answer).text()).toBe(`upstream said 200: ${TOTAL_BYTES} ${sha256(pattern(TOTAL_BYTES))}`);
  }, 60_000);
});
