/**
 * Builds Spin JS SDK guests with the SDK's own build tool (`j2w` from
 * `@spinframework/build-tools`), cached on disk by content like
 * build-component.ts: `.cache/components/spin-js-<sha256>.wasm`, keyed by
 * every file of the fixture folder plus the build-tools and wasi-http-proxy
 * versions. A build takes ~18 s, so it happens only when that file is missing.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../runtime/session/package-root.js';
import { exists } from './installed-files.js';

const FIXTURES = join(PACKAGE_ROOT, 'test/fixtures/components');
const OUT = join(PACKAGE_ROOT, '.cache/components');
// Loaded from the package root rather than by a relative import because the bench runs
// this module from dist/test/support, where no copy of the .mjs exists.
const J2W_BUILD = pathToFileURL(join(PACKAGE_ROOT, 'resources/examples/j2w-build.mjs')).href;

/**
 * Returns the path of `test/fixtures/components/spin-js-<name>/app.js` built
 * with j2w. The folder is its own `"type": "module"` package because j2w
 * reads the WIT to target from the `config.witDependencies` of the package
 * it runs in and of that package's dependencies.
 */
export async function buildSpinJsComponent(name: string): Promise<string> {
  const { j2wBuild, j2wSourceHash } = (await import(J2W_BUILD)) as typeof import('../../resources/examples/j2w-build.mjs');
  const dir = join(FIXTURES, `spin-js-${name}`);
  const out = join(OUT, `spin-js-${await j2wSourceHash(dir)}.wasm`);
  if (await exists(out)) return out;
  await mkdir(OUT, { recursive: true });
  await j2wBuild(dir, out, OUT);
  return out;
}
