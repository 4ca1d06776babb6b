import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_EXAMPLE, startApp, watchApp, type RunningApp } from '../runtime/index.js';

const EXAMPLE_WASM = join(BUNDLED_EXAMPLE, '..', '.cache');
const RUNS = 9;

/** The bundled example's frontend and backend, the backend's API on a loopback server. */
function exampleManifest(apiHost: string, backendHosts: string): string {
  return `spin_manifest_version = 2
[application]
name = "bench"
[variables]
api_host = { default = "${apiHost}" }
api_scheme = { default = "http" }
[[trigger.http]]
route = "/..."
component = "frontend"
[[trigger.http]]
route = { private = true }
component = "backend"
[component.frontend]
source = ${JSON.stringify(join(EXAMPLE_WASM, 'frontend.wasm'))}
allowed_outbound_hosts = ["http://backend.spin.internal"]
key_value_stores = ["default"]
[component.backend]
source = ${JSON.stringify(join(EXAMPLE_WASM, 'backend.wasm'))}
allowed_outbound_hosts = ${backendHosts}
[component.backend.variables]
api_host = "{{ api_host }}"
api_scheme = "{{ api_scheme }}"
`;
}

/** One component whose wasm the bench replaces: the example's frontend or its backend. */
function swapManifest(): string {
  return `spin_manifest_version = 2
[application]
name = "bench-swap"
[[trigger.http]]
route = "/..."
component = "web"
[component.web]
source = "app.wasm"
# The example's frontend counts its visits here.
key_value_stores = ["default"]
[component.web.variables]
api_host = "127.0.0.1:1"
api_scheme = "http"
`;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (value: number): string => `${value.toFixed(1)} ms`.padStart(10);

/** Sends `/` until `done(body)`; resolves with how long that took from `since`. */
async function untilServed(running: RunningApp, since: number, done: (body: string) => boolean): Promise<number> {
  for (;;) {
    const body = await (await fetch(`${running.url}/`)).text();
    if (done(body)) return performance.now() - since;
  }
}

/**
 * (e) From a policy change to the next request being allowed: through the live API
 * (`setAllowedHosts`), and by saving spin.toml with a watcher on (100 ms debounce
 * included, as `spin watch`). (f) From a wasm file change to the new version serving,
 * transpile cache warm. Each against one plain request, medians of several runs.
 */
export async function benchHotReload(): Promise<void> {
  const api = createServer((_request, response) => response.end('hi'));
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'spinscope-bench-reload-'));
  const allowedBody = (body: string) => body.includes('backend got 200');
  try {
    const manifest = join(dir, 'spin.toml');
    await writeFile(manifest, exampleManifest(apiHost, '[]'));
    const running = await startApp(manifest, { listen: '127.0.0.1:0' });
    const watcher = await watchApp(running);
    const allow = ['http://{{ api_host }}'];
    const request = async () => (await fetch(`${running.url}/`)).text();
    const plain: number[] = [];
    const change: number[] = [];
    const live: number[] = [];
    const saved: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      running.setList('backend', 'allowed_outbound_hosts', allow);
      let start = performance.now();
      await request();
      plain.push(performance.now() - start);

      running.setList('backend', 'allowed_outbound_hosts', []);
      await request();
      start = performance.now();
      change.push(running.setList('backend', 'allowed_outbound_hosts', allow).durationMs);
      live.push(await untilServed(running, start, allowedBody));

      // The file must deny first: a session change would outlive a save that leaves the list as it is.
      running.discardSessionChanges();
      await writeFile(manifest, exampleManifest(apiHost, '[]'));
      await untilServed(running, performance.now(), (body) => !allowedBody(body));
      start = performance.now();
      await writeFile(manifest, exampleManifest(apiHost, '["http://{{ api_host }}"]'));
      saved.push(await untilServed(running, start, allowedBody));
    }
    console.log('\n## (e) From a policy change to the next request being allowed');
    console.log(`setAllowedHosts itself (change in force)   ${ms(median(change))}  (aim: < 50 ms)`);
    console.log(`one allowed request, policy unchanged      ${ms(median(plain))}`);
    console.log(`setAllowedHosts, then that request         ${ms(median(live))}  (${(median(live) / median(plain)).toFixed(2)}x the request alone)`);
    console.log(`spin.toml saved -> request allowed         ${ms(median(saved))}  (watch: 100 ms debounce, reload, request)`);
    console.log(`medians of ${RUNS} runs; every request runs the frontend, a chain hop and the backend's upstream call`);
    await watcher.close();
    await running.stop();
    await benchWasmSwap(dir);
  } finally {
    api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchWasmSwap(parent: string): Promise<void> {
  const dir = join(parent, 'swap');
  await mkdir(dir);
  const wasm = join(dir, 'app.wasm');
  await copyFile(join(EXAMPLE_WASM, 'frontend.wasm'), wasm);
  await writeFile(join(dir, 'spin.toml'), swapManifest());
  const running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0' });
  const reloads: number[] = [];
  running.events.subscribe((event) => {
    if (event.kind === 'app.reloaded') reloads.push(event.durationMs);
  });
  const watcher = await watchApp(running);
  const versions = [
    { file: 'backend.wasm', serving: (body: string) => body.startsWith('backend') },
    { file: 'frontend.wasm', serving: (body: string) => body.startsWith('{') },
  ];
  const swaps: number[] = [];
  // The first two swaps warm the transpile cache for both versions and are not counted.
  for (let run = 0; run < RUNS + 2; run++) {
    const version = versions[run % 2] ?? versions[0];
    if (version === undefined) break;
    const start = performance.now();
    await copyFile(join(EXAMPLE_WASM, version.file), wasm);
    const took = await untilServed(running, start, version.serving);
    if (run >= 2) swaps.push(took);
  }
  console.log('\n## (f) From a wasm file change to the new version serving (transpile cache warm)');
  console.log(`file written -> new version answers        ${ms(median(swaps))}  (aim: < 1 s; includes the 100 ms debounce)`);
  console.log(`of which the reload itself                 ${ms(median(reloads.slice(2)))}  (load, start engines, swap)`);
  await watcher.close();
  await running.stop();
}
