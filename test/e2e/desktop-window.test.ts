import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary, prepareElectronApp } from '../support/electron-app.js';

const EXAMPLE = fileURLToPath(new URL('../../resources/examples/hello-spinscope/', import.meta.url));
const SHARED_CACHE_HOME = fileURLToPath(new URL('../../.cache/xdg-cache', import.meta.url));
const TIMEOUT_MS = 90_000;

const binary = electronBinary();
// The desktop app listens where `spin up` does.
const missing = 'missing' in binary ? binary.missing : (await isListening(3000)) ? '127.0.0.1:3000, where the desktop app serves, is in use' : undefined;
if (missing !== undefined) console.warn(`The desktop window end-to-end test is skipped: ${missing}.`);

describe('the desktop window in Electron', () => {
  it.runIf(missing !== undefined)('needs an Electron binary', (context) => context.skip(missing));
});

/** Whether something accepts connections on 127.0.0.1:`port`. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Runs `code` in the window's page through the main process, which works after a renderer crash too. */
async function inWindow<T>(app: ElectronApplication, code: string): Promise<T> {
  return app.evaluate(({ BrowserWindow }, source) => BrowserWindow.getAllWindows()[0]?.webContents.executeJavaScript(source) as Promise<T>, code);
}

/** Polls `check` until it holds. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(missing !== undefined)('the desktop window, driven in Electron', () => {
  let work: string;
  let api: Server;
  let env: Record<string, string>;
  let appDir: string;
  let app: ElectronApplication;
  let page: Page;
  let origin: string;
  const errors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'spinscope-desktop-'));
    api = createServer((_request, response) => response.end('hello from the test API'));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    env = {
      PATH: process.env['PATH'] ?? '',
      ...(process.env['DISPLAY'] ? { DISPLAY: process.env['DISPLAY'] } : {}),
      ...(process.env['WAYLAND_DISPLAY'] ? { WAYLAND_DISPLAY: process.env['WAYLAND_DISPLAY'] } : {}),
      HOME: join(work, 'home'),
      // userData (and so the single-instance lock), recent projects, the example's state.
      XDG_CONFIG_HOME: join(work, 'config'),
      XDG_STATE_HOME: join(work, 'state'),
      XDG_CACHE_HOME: SHARED_CACHE_HOME,
      SPIN_VARIABLE_API_HOST: `127.0.0.1:${(api.address() as AddressInfo).port}`,
      SPIN_VARIABLE_API_SCHEME: 'http',
    };
    appDir = prepareElectronApp(work);
    app = await _electron.launch({ executablePath: (binary as { path: string }).path, args: [appDir], cwd: work, env });
    page = await app.firstWindow();
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    const serving = page.locator('[aria-label=Listening]').getByRole('link').first();
    await serving.waitFor();
    origin = (await serving.getAttribute('href')) ?? '';
  }, TIMEOUT_MS);

  afterAll(async () => {
    if (app !== undefined) await app.close().catch(() => undefined);
    api?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shows the inspector over the bundled example, from app://spinscope/', async () => {
    expect(page.url()).toBe('app://spinscope/index.html');
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await page.evaluate<boolean>('typeof window.spinscope.status === "function" && typeof window.require === "undefined"')).toBe(true);
  }, TIMEOUT_MS);

  it('copies with the Copy buttons, and grants the page nothing else', async () => {
    // The clipboard takes writes from a focused document only.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.focus());
    await fetch(`${origin}/`);
    await page.getByRole('row', { name: /self\.alt\/motd/ }).click();
    const why = page.getByRole('complementary', { name: 'Request details' }).getByRole('region', { name: 'Why this request was denied' });
    await why.getByRole('button', { name: 'Copy entry' }).click();
    await why.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe('"http://self"');
    expect(await page.evaluate<string>('navigator.clipboard.readText().then(() => "read", (error) => error.name)')).toBe('NotAllowedError');
    expect(await page.evaluate<string>('Notification.requestPermission()')).toBe('denied');
  }, TIMEOUT_MS);

  it("hands a link to the running app to the developer's browser and opens no window", async () => {
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      Object.assign(globalThis, { opened });
      shell.openExternal = async (url: string) => void opened.push(url);
    });
    await page.getByRole('link', { name: origin, exact: true }).click();
    await eventually(async () => (await app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened.length)) > 0, 'openExternal');
    expect(await app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened)).toEqual([`${origin}/`]);
    expect(app.windows()).toHaveLength(1);
  }, TIMEOUT_MS);

  it('keeps live events coming after the guard blocks a navigation', async () => {
    await page.evaluate('location.href = "http://127.0.0.1:9/elsewhere"');
    await fetch(`${origin}/after-blocked-navigation`);
    await page.getByRole('row', { name: /\/after-blocked-navigation/ }).waitFor();
    expect(page.url()).toBe('app://spinscope/index.html');
  }, TIMEOUT_MS);

  it('answers every channel with the argument rules of the bridge', async () => {
    const refused = await page.evaluate<{ code: string; message: string }>('window.spinscope.pickProject("/somewhere").catch((problem) => problem)');
    expect(refused).toMatchObject({ code: 'SPINSCOPE_USAGE', message: 'this method takes no arguments' });
  }, TIMEOUT_MS);

  it('opens the project a second launch names, switches first', async () => {
    const second = join(work, 'second-app');
    cpSync(EXAMPLE, second, { recursive: true, filter: (source) => !/[\\/](\.spin|frontend|backend|node_modules)([\\/]|$)/.test(source.slice(EXAMPLE.length - 1)) });
    const launched = spawn((binary as { path: string }).path, ['--no-sandbox', appDir, 'second-app'], { cwd: work, env, stdio: 'ignore' });
    await new Promise((resolve) => launched.once('exit', resolve));
    const opened = async () => (await inWindow<{ manifestFile?: string }>(app, 'window.spinscope.status()')).manifestFile?.endsWith(join('second-app', 'spin.toml')) === true;
    await eventually(opened, 'the second project');
  }, TIMEOUT_MS);

  it('reloads the window after the renderer crashes, with live events again', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.webContents.forcefullyCrashRenderer());
    await eventually(async () => (await inWindow<string>(app, 'document.readyState')) === 'complete' && (await inWindow<boolean>(app, 'Boolean(document.querySelector("[role=treegrid]"))')), 'the reloaded inspector');
    const now = (await inWindow<{ origin?: string }>(app, 'window.spinscope.status()')).origin ?? origin;
    await fetch(`${now}/after-crash`);
    await eventually(async () => inWindow<boolean>(app, 'document.body.textContent.includes("/after-crash")'), 'the live row after the reload');
  }, TIMEOUT_MS);

  it('stops the Spin app when it quits', async () => {
    const serving = (await inWindow<{ origin?: string }>(app, 'window.spinscope.status()')).origin ?? origin;
    await app.close();
    await expect(fetch(serving)).rejects.toThrow();
    expect(errors.filter((error) => !error.includes('crash'))).toEqual([]);
  }, TIMEOUT_MS);
});
