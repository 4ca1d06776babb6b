import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { PACKAGE_ROOT } from '../runtime/index.js';
import { buildSpinJsComponent } from '../test/support/build-spin-js-component.js';
import { formatRate } from './measure.js';

const SPINSCOPE_BIN = join(PACKAGE_ROOT, 'dist/runtime/cli/main.js');
// The package exports only its API; its `bin` (what `npx jco` runs) is found beside it.
const JCO_BIN = join(fileURLToPath(import.meta.resolve('@bytecodealliance/jco')), '..', 'jco.js');
const CONCURRENCY = 4;
const PATH = '/bench?n=1';
const EXPECTED_BODY = `hello from ${PATH}`;

/** A server in a child process of its own, listening on `origin` (`http://127.0.0.1:<port>`). */
interface ServerProcess {
  readonly origin: string;
  /** Its process group, which holds any process it starts. */
  readonly group: number;
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
        resolve({ origin: `http://${match[1] ?? ''}`, group: child.pid ?? 0, stop });
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

/** CPU time (user + system, ms) of every process in `group` (a server and any children), from /proc; `undefined` off Linux. */
async function groupCpuMs(group: number): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on every Linux Node supports
  let ticks = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the parenthesised command: state ppid pgrp ... utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerMs;
}

/** One server's figures at one concurrency: rate, latency percentiles, CPU per request. */
interface ServingFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number | undefined;
}

/**
 * Keeps `inFlight` requests going for `ms`, recording each request's latency; then waits for
 * the server to go quiet, so its CPU time includes the work it left behind (garbage collection).
 */
async function load(agent: Agent, server: ServerProcess, inFlight: number, ms: number): Promise<{ latencies: number[]; elapsed: number; cpuMs: number | undefined }> {
  const latencies: number[] = [];
  const cpuBefore = await groupCpuMs(server.group);
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        await get(agent, server.origin);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = performance.now() - start;
  await settle(server);
  const cpuAfter = await groupCpuMs(server.group);
  return { latencies, elapsed, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

/**
 * Waits (up to 3 s) until `server` uses under 5% of a core, so one server's leftover work
 * (jco serve collects garbage for a while after a round) does not slow the next one's round.
 */
async function settle(server: ServerProcess): Promise<void> {
  for (let waited = 0; waited < 3000; waited += 200) {
    const before = await groupCpuMs(server.group);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await groupCpuMs(server.group);
    if (before === undefined || after === undefined || after - before < 10) return;
  }
}

/**
 * Measures every server at `inFlight` in alternating rounds of `roundMs` (after a warm-up
 * round each), so a machine that gets busier shifts all alike; pools each server's rounds.
 */
async function measureServers(agent: Agent, servers: readonly ServerProcess[], inFlight: number, rounds: number, roundMs: number): Promise<ServingFigures[]> {
  for (const server of servers) await load(agent, server, inFlight, roundMs);
  const pooled = servers.map(() => ({ latencies: [] as number[], elapsed: 0, cpuMs: 0 as number | undefined }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, server] of servers.entries()) {
      const { latencies, elapsed, cpuMs } = await load(agent, server, inFlight, roundMs);
      const sum = pooled[i]!;
      sum.latencies.push(...latencies);
      sum.elapsed += elapsed;
      sum.cpuMs = sum.cpuMs === undefined || cpuMs === undefined ? undefined : sum.cpuMs + cpuMs;
    }
  }
  return pooled.map(({ latencies, elapsed, cpuMs }) => {
    latencies.sort((a, b) => a - b);
    const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      requestsPerSecond: (latencies.length / elapsed) * 1000,
      p50: at(0.5),
      p99: at(0.99),
      cpuMsPerRequest: cpuMs === undefined ? undefined : cpuMs / latencies.length,
    };
  });
}

function report(title: string, names: readonly string[], figures: readonly ServingFigures[]): void {
  console.log(title);
  const node = figures[0]!;
  for (const [i, f] of figures.entries()) {
    const cpu = f.cpuMsPerRequest === undefined ? 'n/a' : f.cpuMsPerRequest.toFixed(2);
    const ratio = i === 0 ? '' : `  ${(f.requestsPerSecond / node.requestsPerSecond).toFixed(3)}x node's rate`;
    console.log(
      `  ${names[i]!.padEnd(40)} ${formatRate(f.requestsPerSecond).padStart(6)} requests/s  p50 ${f.p50.toFixed(2).padStart(6)} ms  p99 ${f.p99.toFixed(2).padStart(6)} ms  CPU ${cpu.padStart(6)} ms/request${ratio}`,
    );
  }
  const [, jco, spinscope] = figures;
  console.log(`  spinscope / jco serve: ${(spinscope!.requestsPerSecond / jco!.requestsPerSecond).toFixed(2)}x  (aim: >= 1.0)`);
}

const NODE_HELLO = `const http = require('node:http');
const server = http.createServer((request, response) => response.end('hello from ' + request.url));
server.listen(0, '127.0.0.1', () => console.log('listening on 127.0.0.1:' + server.address().port));`;

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

    const node = await spawnServer('node http', ['-e', NODE_HELLO], 'stdout', /listening on (127\.0\.0\.1:\d+)\n/, env);
    servers.push(node);

    const names = ['plain node:http hello (baseline)', 'jco serve --isolate-requests instance', 'spinscope up'];
    console.log('\n## (a) Serving a component: spinscope up vs jco serve, against a plain Node http server');
    console.log(`component: test/fixtures/components/spin-js-hello (Spin JS SDK j2w build, imports only WASI; GET ${PATH} -> "${EXPECTED_BODY}").`);
    console.log('  Not the bundled example: its frontend calls backend.spin.internal and an outside host, its backend imports fermyon:spin/variables; jco serve provides neither.');
    console.log('  Both give every request a fresh instance, as Spin does: jco serve reuses one instance by default, and this component answers only its first request that way.');
    console.log('  Each server runs in its own process; one undici client with a keep-alive Agent; spinscope also records events for each request and logs it to stdout.');
    console.log('  CPU: user + system time of the server\'s process group (jco serve runs the component in a grandchild) per request; the client\'s own CPU is not counted.');
    for (const inFlight of [1, CONCURRENCY]) {
      const figures = await measureServers(agent, [node, jco, spinscope], inFlight, 5, 1000);
      report(`${inFlight === 1 ? 'one request' : `${inFlight} requests`} in flight (5 rounds of 1 s each, alternating):`, names, figures);
    }
  } finally {
    await agent.close();
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}
