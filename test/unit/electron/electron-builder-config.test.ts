import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeModuleGraph } from '../../support/module-graph.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// electron-builder's own loader and schema check, as `npm run dist` runs them. They are
// internal to app-builder-lib (no public export), so a breaking upgrade fails here, loudly.
const { getConfig, validateConfiguration } = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const QUIET = { isEnabled: false, add: () => {} };
// The matcher electron-builder builds from `asarUnpack` (platformPackager.ts), as a filter on app files.
const { FileMatcher } = createRequire(import.meta.url)('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (from: string, to: string, expand: (pattern: string) => string, patterns: string[]) => {
    createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean;
  };
};

const packageJson = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { main: string; devDependencies: Record<string, string>; dependencies: Record<string, string> };

describe('electron-builder configuration', async () => {
  const config = (await getConfig(ROOT)) as {
    appId: string;
    productName: string;
    files: (string | { filter: string[] })[];
    npmRebuild: boolean;
    asar: boolean;
    asarUnpack: string[];
    electronFuses: Record<string, boolean>;
    icon: string;
    linux: { target: string[] };
    mac: { target: string[] };
    win: { target: string[] };
  };

  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(config, QUIET)).resolves.toBeUndefined();
  });

  it('names the product and builds AppImage and deb, dmg, and nsis', () => {
    expect(config.productName).toBe('Spinscope');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('packs the compiled main and preload, the renderer, and the bundled example with its wasm', () => {
    expect(packageJson.main).toBe('dist/electron/main.js');
    // The loader normalises `files` into file sets; their filters are the patterns as written.
    const patterns = config.files.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.filter));
    expect(patterns).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/runtime/**/*.js',
        'dist/electron/**/*.{js,cjs}',
        'dist/renderer/**/*',
        'resources/examples/hello-spinscope/spin.toml',
        'resources/examples/hello-spinscope/.cache/*.wasm',
      ]),
    );
  });

  it('neither rebuilds nor packs better-sqlite3: Electron uses node:sqlite', () => {
    expect(config.npmRebuild).toBe(false);
    const patterns = config.files.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.filter));
    expect(patterns).toContain('!node_modules/better-sqlite3{,/**/*}');
  });

  it('uses a 1024x1024 PNG icon, large enough for every platform', () => {
    const png = readFileSync(`${ROOT}${config.icon}`);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('keeps electron and electron-builder out of the packaged dependencies', () => {
    // electron-builder refuses to package an app that lists electron as a dependency.
    expect(Object.keys(packageJson.dependencies)).not.toContain('electron');
    expect(Object.keys(packageJson.devDependencies)).toEqual(expect.arrayContaining(['electron', 'electron-builder']));
  });

  describe('the asar archive', () => {
    const unpacks = (() => {
      const filter = new FileMatcher(ROOT, ROOT, (pattern) => pattern, config.asarUnpack).createFilter();
      return (file: string): boolean => filter(join(ROOT, file), { isDirectory: () => false });
    })();

    it('packs the app into app.asar', () => {
      expect(config.asar).toBe(true);
    });

    it('unpacks the guest worker and every module it loads, and the worker loads no package', () => {
      // The worker threads start from app.asar.unpacked/ (electron/main.ts): all they import must be there.
      const worker = runtimeModuleGraph(ROOT, 'runtime/engine/guest-worker.ts');
      const emitted = worker.files.map((file) => `dist/${file.replace(/\.ts$/, '.js')}`);
      expect(emitted).toContain('dist/runtime/engine/guest-worker.js');
      expect(emitted.filter((file) => !unpacks(file))).toEqual([]);
      // A package would resolve from app.asar.unpacked/node_modules, which holds none.
      expect(worker.bare.filter((specifier) => !specifier.startsWith('node:'))).toEqual([]);
    });

    it('unpacks wasm files and native addons, wherever they are', () => {
      for (const file of [
        'resources/examples/hello-spinscope/.cache/frontend.wasm',
        'node_modules/@bytecodealliance/jco-transpile/vendor/js-component-bindgen-component.core.wasm',
        'node_modules/@bytecodealliance/jco-node-fs-linux-x64-gnu/jco-node-fs.linux-x64-gnu.node',
      ])
        expect(unpacks(file), file).toBe(true);
    });

    it('keeps everything else in the archive, where integrity validation covers it', () => {
      for (const file of ['package.json', 'dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/runtime/index.js', 'dist/runtime/session/project-session.js', 'dist/renderer/index.html', 'resources/examples/hello-spinscope/spin.toml'])
        expect(unpacks(file), file).toBe(false);
    });
  });

  it('turns on every fuse that narrows what the packaged binary runs', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
