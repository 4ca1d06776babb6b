import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUNTIME = fileURLToPath(new URL('../../../runtime/', import.meta.url));

// Which runtime layers each layer may import: dependencies point one way, leaves first
// (STYLE.md, "Architecture"). The entry points at the top may import everything below.
const MAY_IMPORT: Record<string, readonly string[]> = {
  errors: [],
  api: [],
  http: ['api'],
  manifest: ['errors'],
  variables: ['errors', 'manifest'],
  permissions: ['errors', 'api', 'variables'],
  events: ['errors', 'api'],
  rules: ['errors', 'api', 'manifest'],
  storage: ['errors'],
  'runtime-config': ['errors', 'manifest', 'storage'],
  host: ['errors', 'api', 'http'],
  engine: ['errors', 'api', 'http', 'host', 'storage'],
  dispatcher: ['errors', 'api', 'http', 'events', 'permissions', 'rules'],
  trigger: ['errors', 'api', 'http', 'manifest', 'permissions'],
  'app': ['errors', 'api', 'http', 'manifest', 'variables', 'permissions', 'events', 'rules', 'storage', 'runtime-config', 'engine', 'dispatcher', 'trigger'],
  watch: ['errors', 'api', 'manifest', 'events', 'app'],
  session: ['errors', 'api', 'http', 'manifest', 'variables', 'permissions', 'events', 'rules', 'storage', 'runtime-config', 'engine', 'dispatcher', 'trigger', 'app', 'watch'],
  bridge: ['errors', 'api', 'events', 'session'],
  'index.ts': ['errors', 'api', 'http', 'manifest', 'variables', 'permissions', 'events', 'rules', 'storage', 'runtime-config', 'engine', 'dispatcher', 'trigger', 'app', 'watch', 'session', 'bridge'],
  cli: ['errors', 'api', 'http', 'manifest', 'variables', 'permissions', 'events', 'rules', 'storage', 'runtime-config', 'engine', 'dispatcher', 'trigger', 'app', 'watch', 'session', 'bridge'],
};

// Layers whose files other layers may not import one by one: only through their index.ts.
// host/ is the guest's side of the boundary; what every layer shares lives in http/.
const INDEX_ONLY = ['host'];

// permissions/ and rules/ are pure (STYLE.md): no network, no Wasm, no file system.
const PURE_LAYERS = ['permissions', 'rules'];
const IMPURE_MODULE = /^(node:(fs|net|http|https|child_process|worker_threads)(\/.*)?|undici|@bytecodealliance\/.*)$/;

interface Import {
  readonly file: string;
  readonly specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => ({ file, specifier: match[1] ?? '' }));
}

function layerOf(path: string): string {
  // Specifiers name the emitted .js file of a .ts source.
  return (relative(RUNTIME, path).split(sep)[0] ?? '').replace(/\.js$/, '.ts');
}

const allImports = sourceFiles(RUNTIME).flatMap(importsOf);

describe('runtime layering', () => {
  it('every folder under runtime/ has a rule', () => {
    const layers = new Set(sourceFiles(RUNTIME).map(layerOf));
    expect([...layers].filter((layer) => !(layer in MAY_IMPORT))).toEqual([]);
  });

  it('imports only point down the layers', () => {
    const violations = allImports
      .filter(({ specifier }) => specifier.startsWith('.'))
      .map(({ file, specifier }) => ({ from: layerOf(file), to: layerOf(resolve(dirname(file), specifier)), file, specifier }))
      .filter(({ from, to }) => from !== to && !(MAY_IMPORT[from] ?? []).includes(to))
      .map(({ file, specifier }) => `${relative(RUNTIME, file)} imports ${specifier}`);
    expect(violations).toEqual([]);
  });

  it('other layers reach host/ only through its index.ts', () => {
    const violations = allImports
      .filter(({ specifier }) => specifier.startsWith('.'))
      .map(({ file, specifier }) => ({ file, specifier, target: resolve(dirname(file), specifier) }))
      .filter(({ file, target }) => INDEX_ONLY.includes(layerOf(target)) && layerOf(file) !== layerOf(target))
      .filter(({ target }) => relative(RUNTIME, target).split(sep).slice(1).join('/') !== 'index.js')
      .map(({ file, specifier }) => `${relative(RUNTIME, file)} imports ${specifier}`);
    expect(violations).toEqual([]);
  });

  it('pure layers import no network, Wasm or file-system module', () => {
    const violations = allImports
      .filter(({ file, specifier }) => PURE_LAYERS.includes(layerOf(file)) && IMPURE_MODULE.test(specifier))
      .map(({ file, specifier }) => `${relative(RUNTIME, file)} imports ${specifier}`);
    expect(violations).toEqual([]);
  });
});
