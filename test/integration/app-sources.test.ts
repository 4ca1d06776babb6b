import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComponentSourceError, startApp, type StartOptions } from '../../runtime/app/index.js';
import { ManifestError } from '../../runtime/manifest/index.js';
import { buildComponent } from '../support/build-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;

function manifest(source: string): string {
  return `spin_manifest_version = 2\n[application]\nname = "sources"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n[component.web]\nsource = ${source}\n`;
}

describe('component sources', () => {
  let dir: string;
  let server: Server;
  let wasmUrl: string;
  let digest: string;
  let downloads = 0;
  let options: StartOptions;

  const start = async (source: string) => {
    await writeFile(join(dir, 'spin.toml'), manifest(source));
    return startApp(join(dir, 'spin.toml'), options);
  };

  beforeAll(async () => {
    const bytes = await readFile(await buildComponent('probe'));
    digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    server = createServer((_request, response) => {
      downloads += 1;
      response.end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    wasmUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/probe.wasm`;
    dir = await mkdtemp(join(tmpdir(), 'spinscope-sources-'));
    options = { listen: '127.0.0.1:0', engine: testEngineOptions(), downloadDir: join(dir, 'downloads') };
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('downloads a { url, digest } source once, verifies it, and serves it', async () => {
    const source = `{ url = "${wasmUrl}", digest = "${digest}" }`;
    const first = await start(source);
    try {
      expect(await (await fetch(`${first.url}/hi`)).text()).toBe('hello from /hi');
    } finally {
      await first.stop();
    }
    const second = await start(source);
    await second.stop();
    expect(downloads).toBe(1);
  });

  it('refuses a download whose sha256 does not match the digest, naming both', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const error = await start(`{ url = "${wasmUrl}", digest = "${wrong}" }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentSourceError);
    expect((error as Error).message).toBe(
      `component "web": invalid content digest; expected ${wrong}, downloaded ${digest} (from ${wasmUrl})`,
    );
  });

  it('says how to fix a local source that has not been built', async () => {
    const error = await start('"target/missing.wasm"').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as Error).message).toMatch(/component "web": `source` .*target\/missing\.wasm does not exist; build it first, or fix the path$/);
  });
});
