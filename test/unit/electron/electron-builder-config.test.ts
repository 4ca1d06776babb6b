import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// electron-builder's own loader and schema check, as `npm run dist` runs them. They are
// internal to app-builder-lib (no public export), so a breaking upgrade fails here, loudly.
const { getConfig, validateConfiguration } = createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const QUIET = { isEnabled: false, add: () => {} };

const packageJson = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { main: string; devDependencies: Record<string, string>; dependencies: Record<string, string> };

describe('electron-builder configuration', async () => {
  const config = (await getConfig(ROOT)) as {
    appId: string;
    productName: string;
    files: (string | { filter: string[] })[];
    npmRebuild: boolean;
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
});
