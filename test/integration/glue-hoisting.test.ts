// jco's glue as the engine caches it, its instance-free helpers hoisted to module scope
// (hoist-glue-helpers.ts): real guests, loaded once, serving from several instances.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { prepareGuest, type ResponseSink } from '../../runtime/engine/guest-instance.js';
import { MemoryPool } from '../../runtime/engine/memory-pool.js';
import { transpileComponent } from '../../runtime/engine/transpile-component.js';
import { denyingLink } from '../../runtime/host/outbound-link.js';
import { buildSpinJsComponent } from '../support/build-spin-js-component.js';
import { TEST_CACHE_DIR } from '../support/engine-options.js';
import { recordingServices } from '../support/recording-services.js';

const BUILD_TIMEOUT_MS = 180_000;
const EXAMPLE = fileURLToPath(new URL('../../resources/examples/hello-spinscope/', import.meta.url));

/** What the glue declares before `instantiate`, once per load. */
const moduleScope = (glue: string): string => glue.slice(0, glue.indexOf('export function instantiate'));

function collect(): { sink: ResponseSink; text: () => string } {
  const chunks: Uint8Array[] = [];
  return {
    sink: { head: () => {}, body: (bytes) => chunks.push(bytes), abort: () => {}, taken: () => chunks.reduce((n, c) => n + c.length, 0) },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

describe('hoisted glue', () => {
  it(
    "the bundled example's components are cached with jco's helpers at module scope and its counting classes per instance",
    async () => {
      await promisify(execFile)(process.execPath, [`${EXAMPLE}build.mjs`]);
      for (const name of ['frontend', 'backend']) {
        const transpiled = await transpileComponent(await readFile(join(EXAMPLE, '.cache', `${name}.wasm`)), TEST_CACHE_DIR);
        const shared = moduleScope(await readFile(transpiled.gluePath, 'utf8'));
        for (const helper of ['function toUint32(', 'const _debugLog = ', 'class Waitable ']) expect(shared).toContain(helper);
        for (const perInstance of ['class AsyncTask ', 'const HANDLE_TABLES']) expect(shared).not.toContain(perInstance);
      }
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'instances made from one load, alive at once, each answer their own request',
    async () => {
      const transpiled = await transpileComponent(await readFile(await buildSpinJsComponent('hello')), TEST_CACHE_DIR);
      const modules: Record<string, WebAssembly.Module> = {};
      for (const name of transpiled.coreModules) modules[name] = await WebAssembly.compile(await readFile(join(transpiled.dir, name)));
      const create = await prepareGuest(transpiled.gluePath, modules, new MemoryPool(transpiled.memories), {
        outbound: denyingLink(),
        variables: new Map(),
        services: recordingServices([]).services,
      });
      const [first, second] = [await create(), await create()];
      const answers = [collect(), collect()];
      second.handle({ method: 'GET', pathWithQuery: '/second', headers: [] }, new Uint8Array(), answers[1]!.sink);
      first.handle({ method: 'GET', pathWithQuery: '/first', headers: [] }, new Uint8Array(), answers[0]!.sink);
      expect(answers.map((a) => a.text())).toEqual(['hello from /first', 'hello from /second']);
    },
    BUILD_TIMEOUT_MS,
  );
});
