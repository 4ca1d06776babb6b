import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startApp } from '../../runtime/app/index.js';
import { buildSpinJsComponent } from '../support/build-spin-js-component.js';
import { testEngineOptions } from '../support/engine-options.js';

it('denies', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'st-'));
  await writeFile(join(dir, 'spin.toml'), `spin_manifest_version = 2\n[application]\nname="s"\n[[trigger.http]]\nroute="/..."\ncomponent="web"\n[component.web]\nsource="${await buildSpinJsComponent('storage')}"\n`);
  const app = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', engine: testEngineOptions() });
  for (const path of ['/kv/default/a', '/wasi-kv/default/a', '/sql/default']) {
    const r = await fetch(app.url + path, path.startsWith('/sql') ? { method: 'POST', body: '{"statements":[]}' } : {});
    console.log(path, r.status, await r.text());
  }
  await new Promise((r) => setTimeout(r, 200));
  console.log(JSON.stringify(app.events.events().filter((e) => e.kind.includes('denied') || e.kind.startsWith('kv') || e.kind.startsWith('sqlite')), null, 1));
  await app.stop();
}, 120_000);
