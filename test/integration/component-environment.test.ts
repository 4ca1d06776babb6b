import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { testEngineOptions } from '../support/engine-options.js';

/** `env` has an `environment` (keys out of order, one non-ASCII); `plain` has none. */
function manifest(wasm: string, environment: string): string {
  return `spin_manifest_version = 2
[application]
name = "environment"

[[trigger.http]]
route = "/..."
component = "env"

[[trigger.http]]
route = "/elsewhere/..."
component = "plain"

[component.env]
source = ${JSON.stringify(wasm)}
environment = ${environment}

[component.plain]
source = ${JSON.stringify(wasm)}
`;
}

// spec §20: Spin copies `environment` into a BTreeMap, extends it with `spin up --env`, and
// wasi:cli/environment lists it sorted by key.
describe('wasi:cli/environment gives a guest its component environment and --env (response-shapes.wat)', () => {
  let dir: string;
  let wasm: string;
  let running: RunningApp;

  const environmentOf = async (path: string): Promise<string> => (await fetch(`${running.url}${path}`)).text();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-environment-'));
    wasm = await buildWatComponent('response-shapes', 'response-shapes');
    await writeFile(join(dir, 'spin.toml'), manifest(wasm, '{ ZED = "last", ALPHA = "first", "é" = "accent", SHARED = "from spin.toml", TEMPLATE = "{{ not_expanded }}" }'));
    running = await startApp(join(dir, 'spin.toml'), {
      listen: '127.0.0.1:0',
      engine: testEngineOptions(),
      cliEnvironment: [['SHARED', 'from --env'], ['EXTRA', 'a=b'], ['EXTRA', 'last one wins']],
    });
  });

  afterAll(async () => {
    await running?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists the manifest environment with --env over it, sorted by key bytes, templates untouched', async () => {
    expect(await environmentOf('/env')).toBe(
      'ALPHA=first\nEXTRA=last one wins\nSHARED=from --env\nTEMPLATE={{ not_expanded }}\nZED=last\né=accent\n',
    );
  });

  it('gives --env to every component, also one without an environment of its own', async () => {
    expect(await environmentOf('/elsewhere')).toBe('EXTRA=last one wins\nSHARED=from --env\n');
  });

  it('restarts a component whose environment changed on reload, and only that one', async () => {
    expect((await running.reload()).changes.restarted).toEqual([]);
    await writeFile(join(dir, 'spin.toml'), manifest(wasm, '{ ALPHA = "changed" }'));
    expect((await running.reload()).changes.restarted).toEqual(['env']);
    expect(await environmentOf('/env')).toBe('ALPHA=changed\nEXTRA=last one wins\nSHARED=from --env\n');
  });
});
