/**
 * Builds Spin JS SDK guests with the SDK's own build tool (`j2w` from
 * `@spinframework/build-tools`), cached on disk by content like
 * build-component.ts: `.cache/components/spin-js-<sha256>.wasm`, keyed by
 * every file of the fixture folder plus the build-tools and wasi-http-proxy
 * versions. A build takes ~18 s, so it happens only when that file is missing.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { j2wBuild, j2wSourceHash } from '../../resources/examples/j2w-build.mjs';
import { exists } from './installed-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/components');
const OUT = join(ROOT, '.cache/components');

/**
 * Returns the path of `test/fixtures/components/spin-js-<name>/app.js` built
 * with j2w. The folder is its own `"type": "module"` package because j2w
 * reads the WIT to target from the `config.witDependencies` of the package
 * it runs in and of that package's dependencies.
 */
export async function buildSpinJsComponent(name: string): Promise<string> {
  const dir = join(FIXTURES, `spin-js-${name}`);
  const out = join(OUT, `spin-js-${await j2wSourceHash(dir)}.wasm`);
  if (await exists(out)) return out;
  await mkdir(OUT, { recursive: true });
  await j2wBuild(dir, out, OUT);
  return out;
}
