import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { PACKAGE_ROOT } from '../runtime/index.js';
import { buildSpinJsComponent } from '../test/support/build-spin-js-component.js';
import { compareAsync, formatRate, type AsyncWorkload, type Measurement } from './measure.js';

const SPINSCOPE_BIN = join(PACKAGE_ROOT, 'dist/runtime/cli/main.js');
// The package exports only its API; its `bin` (what `npx jco` runs) is found beside it.
const JCO_BIN = join(fileURLToPath(import.meta.resolve('@bytecodealliance/jco')), '..', 'jco.js');
const CONCURRENCY = 4;
const PATH = '/bench?n=1';
const EXPECTED_BODY = `hello from ${PATH}`;

/** A server in a child process of its own, listening on `origin` (`http://127.0.0.1:<port>`). */
interface ServerProcess {
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * Spawns `args` with node in a new process group (jco serve runs the component in a
 * grandchild), resolves once `stream` prints `ready` (whose first group is `127.0.0.1:<port>`),
 * and keeps draining its output so a server that logs every request never blocks.
 */
function spawnServer(name: string, args: readonly string[], stream: 'stdout' | 'stderr', ready: RegExp, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  const output = { stdout: '', stderr: '' };
  let listening = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    try {
      // The whole group: jco serve's own process may be gone while its server lives on.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    for (const which of ['stdout', 'stderr'] as const) {
      child[which].setEncoding('utf8').on('data', (chunk: string) => {
        if (listening) return;
        output[which] += chunk;
        const match = which === stream ? ready.exec(output[which]) : null;
        if (match === null) return;
        listening = true;
        resolve({ origin: `http://${match[1] ?? ''}`, stop });
      });
    }
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening: ${JSON.stringify(output)}`)));
  });
}

/** A port free at the time of asking: `jco serve` prints the port it was given, so it cannot take 0. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address for a port-0 listener');
  return address.port;
}

function helloManifest(wasm: string): string {
  return `spin_manifest_version = 2
[application]
name = "bench-hello"
[[trigger.http]]
route = "/..."
component = "hello"
[component.hello]
source = ${JSON.stringify(wasm)}
`;
}

/** One GET through the shared keep-alive agent; a wrong answer stops the bench rather than being timed. */
async function get(agent: Agent, origin: string): Promise<void> {
  const response = await request(`${origin}${PATH}`, { dispatcher: agent });
  const body = await response.body.text();
  if (response.statusCode !== 200 || body !== EXPECTED_BODY) throw new Error(`${origin} answered ${response.statusCode}: ${body}`);
}

function workloads(agent: Agent, name: string, origin: string): { sequential: AsyncWorkload; concurrent: AsyncWorkload } {
  return {
    sequential: { name, run: () => get(agent, origin) },
    concurrent: { name, run: () => Promise.all(Array.from({ length: CONCURRENCY }, () => get(agent, origin))), opsPerRun: CONCURRENCY },
  };
}

function report(title: string, baseline: Measurement, subject: Measurement): void {
  console.log(title);
  for (const m of [baseline, subject]) console.log(`  ${m.name.padEnd(58)} ${formatRate(m.opsPerSecond).padStart(7)} requests/s`);
  console.log(`  spinscope / jco serve: ${(subject.opsPerSecond / baseline.opsPerSecond).toFixed(2)}x  (aim: >= 1.0)`);
}

/**
 * (a) Requests/s of one component served by `spinscope up` against the same wasm under
 * `jco serve --isolate-requests instance`, each in its own process on 127.0.0.1, driven
 * by the same undici client in alternating rounds.
 */
export async function benchComponentServing(): Promise<void> {
  const wasm = await buildSpinJsComponent('hello');
  const dir = await mkdtemp(join(tmpdir(), 'spinscope-bench-serve-'));
  const servers: ServerProcess[] = [];
  const agent = new Agent();
  try {
    const manifest = join(dir, 'spin.toml');
    await writeFile(manifest, helloManifest(wasm));
    // The transpile cache is keyed by content, so the repository's shared one is safe to reuse.
    const env = { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(PACKAGE_ROOT, '.cache/xdg-cache') };
    const spinscope = await spawnServer('spinscope up', [SPINSCOPE_BIN, 'up', '-f', manifest, '--listen', '127.0.0.1:0'], 'stdout', /Serving http:\/\/(127\.0\.0\.1:\d+)\n/, env);
    servers.push(spinscope);
    const port = await freePort();
    const jcoArgs = [JCO_BIN, 'serve', wasm, '--host', '127.0.0.1', '--port', String(port), '--isolate-requests', 'instance', '--jco-dir', join(dir, 'jco')];
    const jco = await spawnServer('jco serve', jcoArgs, 'stderr', /Server listening @ (127\.0\.0\.1:\d+)/, env);
    servers.push(jco);

    const jcoName = 'jco serve --isolate-requests instance';
    const baseline = workloads(agent, jcoName, jco.origin);
    const subject = workloads(agent, 'spinscope up', spinscope.origin);
    console.log('\n## (a) Serving a component: spinscope up vs jco serve');
    console.log(`component: test/fixtures/components/spin-js-hello (Spin JS SDK j2w build, imports only WASI; GET ${PATH} -> "${EXPECTED_BODY}").`);
    console.log('  Not the bundled example: its frontend calls backend.spin.internal and an outside host, its backend imports fermyon:spin/variables; jco serve provides neither.');
    console.log('  Both give every request a fresh instance, as Spin does: jco serve reuses one instance by default, and this component answers only its first request that way.');
    console.log('  Each server runs in its own process; one undici client with a keep-alive Agent; spinscope also records events for each request and logs it to stdout.');
    const [jcoSequential, spinscopeSequential] = await compareAsync(baseline.sequential, subject.sequential, 7, 1000);
    report('one request at a time:', jcoSequential, spinscopeSequential);
    const [jcoConcurrent, spinscopeConcurrent] = await compareAsync(baseline.concurrent, subject.concurrent, 7, 1000);
    report(`${CONCURRENCY} requests in flight:`, jcoConcurrent, spinscopeConcurrent);
  } finally {
    await agent.close();
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}
