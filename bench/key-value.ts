import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../runtime/index.js';
import { buildSpinJsComponent } from '../test/support/build-spin-js-component.js';
import { compareAsync, formatRate, type Measurement } from './measure.js';

/** Round trips one guest request makes, so the instance it runs on costs little per operation. */
const PER_REQUEST = 50;

function manifest(wasm: string): string {
  return `spin_manifest_version = 2
[application]
name = "kv-bench"
[[trigger.http]]
route = "/..."
component = "kv-bench"
[component.kv-bench]
source = ${JSON.stringify(wasm)}
key_value_stores = ["default"]
allowed_outbound_hosts = ["http://kv-bench.spin.internal"]
`;
}

/**
 * (g) Key-value round trips from a real Spin JS SDK guest: `get` and `set` on the default
 * store (a SQLite file, as spin up keeps it) called in the guest, against the same
 * operation reached through an HTTP chain hop (each one a fresh instance of a component
 * that does it), in the same run. Every call is recorded as an event, as in the inspector.
 */
export async function benchKeyValue(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'spinscope-kv-bench-'));
  await writeFile(join(dir, 'spin.toml'), manifest(await buildSpinJsComponent('kv-bench')));
  const running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0' });
  const call = async (path: string): Promise<void> => {
    const response = await fetch(`${running.url}${path}`);
    const body = await response.text();
    if (response.status !== 200) throw new Error(`the key-value bench's ${path} answered ${response.status}: ${body}`);
  };
  try {
    await call('/once?op=set');
    console.log(`\n## (g) Key-value round trips from a guest (${PER_REQUEST} per request, default store)`);
    for (const op of ['get', 'set']) {
      const [hop, direct] = await compareAsync(
        { name: `${op} through a chain hop`, run: () => call(`/hop?op=${op}&n=${PER_REQUEST}`), opsPerRun: PER_REQUEST },
        { name: `${op} in the guest`, run: () => call(`/direct?op=${op}&n=${PER_REQUEST}`), opsPerRun: PER_REQUEST },
        5,
        1_000,
      );
      report(hop, direct);
    }
  } finally {
    await running.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function report(hop: Measurement, direct: Measurement): void {
  for (const m of [hop, direct]) console.log(`${m.name.padEnd(28)} ${formatRate(m.opsPerSecond).padStart(9)} ops/s`);
  console.log(`in the guest vs through a chain hop: ${(direct.opsPerSecond / hop.opsPerSecond).toFixed(1)}x`);
}
