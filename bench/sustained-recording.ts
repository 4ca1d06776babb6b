import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage, type ServerMessage } from '../runtime/api/bridge-protocol.js';
import { bridgeSocket } from '../test/support/bridge-socket-url.js';
import type { EventPage } from '../runtime/api/contract.js';
import { PACKAGE_ROOT } from '../runtime/index.js';
import { buildComponent } from '../test/support/build-component.js';

const SPINSCOPE_BIN = join(PACKAGE_ROOT, 'dist/runtime/cli/main.js');
const MIB = 1024 * 1024;
const RUN_MS = 20_000;
/** Outbound calls per inbound request, made at once by the guest (probe's `/fetch-all`). */
const FAN_OUT = 100;
const CONCURRENCY = 4;
const UPSTREAM_BODY = Buffer.alloc(1024, 'x');
/** A budget the run fills within seconds, so most of it is spent at the budget. */
const BUDGET = '32MiB';

/** One `spinscope ui` run: its process, the app's origin and the inspector's. */
interface UiRun {
  readonly child: ChildProcess;
  readonly origin: string;
  readonly inspector: string;
}

/** What one sustained run measured. */
interface RunFigures {
  readonly name: string;
  readonly requests: number;
  /** Events the store recorded (held or evicted) during the run. */
  readonly events: number;
  /** Events the run should have caused: requests times the events of one. */
  readonly expected: number;
  readonly rss: { readonly start: number; readonly middle: number; readonly end: number };
  /** Share of the run the main thread (requests, policy, recording, the bridge) was on a CPU, and the guests' worker threads. */
  readonly busy: { readonly main: number; readonly workers: number };
}

/**
 * (h) Sustained recording: 20 s of outbound traffic through a real guest (each request
 * fans out to 20 calls to a loopback upstream), served by `spinscope ui` in a process of
 * its own with a 32 MiB event budget, against the same run with `--max-event-bytes 0`,
 * where every event is still made and published but none is kept. Prints events/s
 * recorded, whether every event was recorded or counted as evicted, the process's RSS
 * at the start, middle and end of each run (the median of the 2 s around the middle and
 * the end), and how busy its main thread and its guests' workers were.
 */
export async function benchSustainedRecording(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'spinscope-bench-recording-'));
  const upstream = createServer((_request, response) => response.end(UPSTREAM_BODY));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  try {
    await writeFile(join(dir, 'spin.toml'), manifest(await buildComponent('probe'), upstreamHost));
    const path = `/fetch-all?${Array.from({ length: FAN_OUT }, (_, index) => `url=${encodeURIComponent(`http://${upstreamHost}/item/${index}`)}`).join('&')}`;
    const recording = await sustainedRun(dir, 'recording (32 MiB budget)', BUDGET, path);
    const nothing = await sustainedRun(dir, 'recording nothing (--max-event-bytes 0)', '0', path);
    report(recording, nothing);
  } finally {
    upstream.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function manifest(wasm: string, upstreamHost: string): string {
  return `spin_manifest_version = 2
[application]
name = "recording-bench"
[[trigger.http]]
route = "/..."
component = "frontend"
[component.frontend]
source = ${JSON.stringify(wasm)}
allowed_outbound_hosts = ["http://${upstreamHost}"]
`;
}

async function sustainedRun(dir: string, name: string, budget: string, path: string): Promise<RunFigures> {
  const ui = await spawnUi(dir, ['--max-event-bytes', budget]);
  const agent = new Agent({ connections: CONCURRENCY });
  try {
    const get = async (): Promise<void> => {
      const response = await request(`${ui.origin}${path}`, { dispatcher: agent });
      const body = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`the recording bench's request answered ${response.statusCode}: ${body}`);
    };
    for (let warm = 0; warm < 20; warm++) await get();
    const before = await recordedEvents(ui.inspector);
    await get();
    const perRequest = (await recordedEvents(ui.inspector)) - before;

    const pid = ui.child.pid as number;
    const start = await residentBytes(pid);
    const cpuBefore = await cpuSeconds(pid);
    const samples: { at: number; bytes: number }[] = [];
    const began = performance.now();
    const sampler = setInterval(() => void residentBytes(pid).then((bytes) => samples.push({ at: performance.now() - began, bytes })), 200);
    let requests = 0;
    const deadline = performance.now() + RUN_MS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          await get();
          requests++;
        }
      }),
    );
    clearInterval(sampler);
    // RSS moves with the guests' garbage: the median of the 2 s around each point steadies it.
    const around = (at: number): number => median(samples.filter((sample) => Math.abs(sample.at - at) <= 1_000).map((sample) => sample.bytes));
    const rss = { start, middle: around(RUN_MS / 2), end: around(RUN_MS - 1_000) };
    const cpuAfter = await cpuSeconds(pid);
    const main = (cpuAfter.main - cpuBefore.main) / (RUN_MS / 1000);
    const busy = { main, workers: (cpuAfter.process - cpuBefore.process) / (RUN_MS / 1000) - main };
    const events = (await recordedEvents(ui.inspector)) - before - perRequest;
    return { name, requests, events, expected: requests * perRequest, rss, busy };
  } finally {
    await agent.close();
    ui.child.kill('SIGINT');
    await new Promise((resolve) => ui.child.once('exit', resolve));
  }
}

function report(recording: RunFigures, nothing: RunFigures): void {
  const perSecond = (count: number): number => (count / RUN_MS) * 1000;
  const mib = (bytes: number): string => `${(bytes / MIB).toFixed(0)} MiB`;
  console.log(`\n## (h) Sustained recording: ${RUN_MS / 1000} s of outbound traffic through a real guest`);
  console.log(`guest: test/fixtures/components/probe.js /fetch-all, ${FAN_OUT} calls to a loopback upstream (1 KiB each) per request, ${CONCURRENCY} requests in flight; spinscope ui in its own process.`);
  for (const run of [recording, nothing]) {
    const complete = run.events === run.expected ? 'every event recorded or counted as evicted' : `${run.expected - run.events} events missing`;
    console.log(`${run.name.padEnd(42)} ${Math.round(perSecond(run.requests)).toString().padStart(5)} requests/s  ${Math.round(perSecond(run.events)).toLocaleString('en-US').padStart(7)} events/s  (${complete})`);
    console.log(`${''.padEnd(42)} RSS start ${mib(run.rss.start)}, middle ${mib(run.rss.middle)}, end ${mib(run.rss.end)}  (end / middle ${(run.rss.end / run.rss.middle).toFixed(2)}x)`);
    console.log(`${''.padEnd(42)} CPU: main thread ${(run.busy.main * 100).toFixed(0)}% of the run, guest workers ${(run.busy.workers * 100).toFixed(0)}% (of one core)`);
  }
  console.log(`events/s recording / recording nothing: ${(recording.events / nothing.events).toFixed(2)}x  (aim: >= 5,000 events/s recorded)`);
  console.log(`RSS at the end, recording / recording nothing: ${(recording.rss.end / nothing.rss.end).toFixed(2)}x; recording, end / middle: ${(recording.rss.end / recording.rss.middle).toFixed(2)}x  (aim: flat within 10% once the budget is reached)`);
}

/** Starts `spinscope ui` on free ports with the repository's transpile cache, once it serves. */
async function spawnUi(dir: string, args: readonly string[]): Promise<UiRun> {
  const env = { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(PACKAGE_ROOT, '.cache/xdg-cache'), XDG_CONFIG_HOME: join(dir, 'config') };
  const child = spawn(process.execPath, [SPINSCOPE_BIN, 'ui', dir, '--port', '0', '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: string): void => {
      output += chunk;
      const inspector = /Inspector: (http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)\n/.exec(output)?.[1];
      const origin = /Serving (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output)?.[1];
      if (inspector !== undefined && origin !== undefined) resolve({ child, origin, inspector });
    };
    child.stdout?.setEncoding('utf8').on('data', read);
    child.stderr?.setEncoding('utf8').on('data', read);
    child.once('exit', (code) => reject(new Error(`spinscope ui exited with ${code} before serving: ${output}`)));
  });
}

function median(values: number[]): number {
  return values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** CPU seconds of process `pid` and of its main thread (Linux: `/proc/<pid>/stat` and `task/<pid>/stat`). */
async function cpuSeconds(pid: number): Promise<{ process: number; main: number }> {
  // utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux), after the ")" closing the name.
  const seconds = async (path: string): Promise<number> => {
    const fields = (await readFile(path, 'utf8')).split(')').at(-1)?.trim().split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  return { process: await seconds(`/proc/${pid}/stat`), main: await seconds(`/proc/${pid}/task/${pid}/stat`) };
}

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** Events the store has recorded since it started: those it holds plus those it evicted, read through the bridge. */
async function recordedEvents(inspector: string): Promise<number> {
  const { url, origin } = bridgeSocket(inspector);
  const socket = new WebSocket(url, { headers: { origin }, maxPayload: 256 * MIB });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    let held = 0;
    let after: string | undefined;
    let page: EventPage;
    let id = 0;
    do {
      const callId = ++id;
      page = await new Promise<EventPage>((resolve, reject) => {
        socket.on('message', function answer(data) {
          const message = decodeMessage(String(data)) as ServerMessage;
          if ((message.type !== 'result' && message.type !== 'error') || message.id !== callId) return;
          socket.off('message', answer);
          if (message.type === 'result') resolve(message.value as EventPage);
          else reject(new Error(`events() failed: ${message.error.message}`));
        });
        socket.send(encodeMessage({ type: 'call', id: callId, method: 'events', args: [{}, { maxEvents: 10_000, ...(after === undefined ? {} : { after }) }] }));
      });
      held += page.events.length;
      after = page.next;
    } while (after !== undefined);
    return held + page.evicted;
  } finally {
    socket.close();
  }
}
