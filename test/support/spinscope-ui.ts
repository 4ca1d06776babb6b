/**
 * `spinscope ui` as a child process: the real built binary on free ports, with what it
 * prints, for the CLI and end-to-end tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../dist/runtime/cli/main.js', import.meta.url));
const SHARED_CACHE_HOME = fileURLToPath(new URL('../../.cache/xdg-cache', import.meta.url));

/** A running `spinscope ui` with everything it has printed so far. */
export interface UiProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: { stdout: string; stderr: string };
}

/** Options for {@link spawnUi}. */
export interface SpawnUiOptions {
  /** The inspector's port; any free one by default. */
  readonly port?: number;
  /**
   * Keep transpiled components in the repository's `.cache/` across runs rather than
   * under `work` (the transpile cache is keyed by content, so sharing it is safe).
   */
  readonly sharedTranspileCache?: boolean;
  /** The bridge's token, set through `SPINSCOPE_TOKEN`; a random one by default. */
  readonly token?: string;
}

/**
 * Starts `spinscope ui --port <port> --listen 127.0.0.1:0 ...args` with its caches and
 * config (recent projects) under `work`, so nothing outside the test's folder changes.
 */
export function spawnUi(work: string, args: readonly string[], options: SpawnUiOptions = {}): UiProcess {
  const cacheHome = options.sharedTranspileCache ? SHARED_CACHE_HOME : join(work, 'cache');
  const child = spawn(process.execPath, [BIN, 'ui', '--port', String(options.port ?? 0), '--listen', '127.0.0.1:0', ...args], {
    env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: cacheHome, XDG_CONFIG_HOME: join(work, 'config'), ...(options.token === undefined ? {} : { SPINSCOPE_TOKEN: options.token }) },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  return { child, output };
}

/** Resolves once `stream` of the process has printed a match for `pattern`. */
export function printed(ui: UiProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = pattern.exec(ui.output[stream]);
      if (match) resolve(match);
    };
    ui.child[stream].on('data', check);
    ui.child.once('exit', (code) => reject(new Error(`spinscope ui exited with ${code} before printing ${pattern}: ${JSON.stringify(ui.output)}`)));
    check();
  });
}

/** The inspector's address with its token, `http://127.0.0.1:<port>/?token=<token>`, once printed. */
export async function inspectorUrl(ui: UiProcess): Promise<string> {
  return (await printed(ui, 'stdout', /Inspector: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w.~-]+)\n/))[1] ?? '';
}

/** The app's origin, once it is serving. */
export async function appOrigin(ui: UiProcess): Promise<string> {
  return (await printed(ui, 'stdout', /Serving (http:\/\/127\.0\.0\.1:\d+)\n/))[1] ?? '';
}

/** Sends SIGINT and resolves with the exit code. */
export function interrupt(ui: UiProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => ui.child.once('exit', resolve));
  ui.child.kill('SIGINT');
  return exited;
}
