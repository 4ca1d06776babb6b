import { transpile } from '@bytecodealliance/jco';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareGuest, type GuestInstance, type ResponseSink } from '../runtime/engine/guest-instance.js';
import { guardPromising } from '../runtime/engine/guard-promising.js';
import { hoistGlueHelpers } from '../runtime/engine/hoist-glue-helpers.js';
import { MemoryPool } from '../runtime/engine/memory-pool.js';
import { quietDebugLog } from '../runtime/engine/quiet-debug-log.js';
import { transpileComponent } from '../runtime/engine/transpile-component.js';
import { denyingLink } from '../runtime/host/outbound-link.js';
import { PACKAGE_ROOT } from '../runtime/index.js';
import { buildSpinJsComponent } from '../test/support/build-spin-js-component.js';
import { recordingServices } from '../test/support/recording-services.js';

const ROUNDS = 9;
const PER_ROUND = 150;
const REQUEST = { method: 'GET', pathWithQuery: '/bench?n=1', headers: [] as [string, string][] };

const SINK: ResponseSink = { head: () => {}, body: () => {}, abort: () => {}, taken: () => 0 };

/** One variant's figures for one round, per instance: wall ms to instantiate, wall and process CPU ms for instantiate + request. */
interface Round {
  instantiateMs: number;
  cycleMs: number;
  cpuMs: number;
}

async function round(create: () => Promise<GuestInstance>): Promise<Round> {
  let instantiateMs = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const from = performance.now();
    const instance = await create();
    instantiateMs += performance.now() - from;
    instance.handle(REQUEST, new Uint8Array(), SINK);
    instance.recycle();
  }
  const cycleMs = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  return { instantiateMs: instantiateMs / PER_ROUND, cycleMs: cycleMs / PER_ROUND, cpuMs: (user + system) / 1000 / PER_ROUND };
}

const DECLARATION_RUNS = 2000;

type Instantiate = (getCoreModule: (name: string) => WebAssembly.Module, imports: object) => unknown;

/** µs per call of `instantiate` stopped at its first core module: jco's runtime declarations alone, what hoisting thins out. */
function declarationsRound(instantiate: Instantiate): number {
  const stop = new Error('stop at the first core module');
  const start = performance.now();
  for (let i = 0; i < DECLARATION_RUNS; i++) {
    try {
      instantiate(() => {
        throw stop;
      }, {});
    } catch (error) {
      if (error !== stop) throw error;
    }
  }
  return ((performance.now() - start) / DECLARATION_RUNS) * 1000;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const spread = (values: number[]): string => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;

/**
 * (j) What hoisting jco's instance-free glue helpers to module scope saves per instance
 * (runtime/engine/hoist-glue-helpers.ts): the Spin JS SDK hello world instantiated in this
 * thread, as a worker does, from its glue with and without the step, in alternating rounds,
 * each instance answering one request.
 */
export async function benchGlueHoisting(): Promise<void> {
  const component = await readFile(await buildSpinJsComponent('hello'));
  const transpiled = await transpileComponent(component, join(PACKAGE_ROOT, '.cache/transpiled'));
  // The glue as the engine wrote it before the step: jco's again, through the other two steps.
  const { files } = await transpile(component, { name: 'guest', instantiation: 'async', noTypescript: true, quiet: true });
  const unhoisted = quietDebugLog(guardPromising(Buffer.from(files['guest.js']!).toString('utf8')));
  const { glue: hoisted, hoisted: names, kept } = hoistGlueHelpers(unhoisted);
  const modules: Record<string, WebAssembly.Module> = {};
  for (const name of transpiled.coreModules) modules[name] = await WebAssembly.compile(await readFile(join(transpiled.dir, name)));
  const dir = await mkdtemp(join(tmpdir(), 'spinscope-bench-hoist-'));
  try {
    const variants = await Promise.all(
      [
        ['glue as jco wrote it', unhoisted],
        ['helpers hoisted to module scope', hoisted],
      ].map(async ([name, glue], i) => {
        const path = join(dir, `guest-${i}.mjs`);
        await writeFile(path, glue!);
        const create = await prepareGuest(path, modules, new MemoryPool(transpiled.memories), { outbound: denyingLink(), variables: new Map(), services: recordingServices([]).services });
        const { instantiate } = (await import(pathToFileURL(path).href)) as { instantiate: Instantiate };
        return { name: name!, create, instantiate, rounds: [] as Round[], declarations: [] as number[] };
      }),
    );
    for (const variant of variants) await round(variant.create);
    for (let r = 0; r < ROUNDS; r++) {
      for (const variant of r % 2 === 0 ? variants : [...variants].reverse()) {
        variant.rounds.push(await round(variant.create));
        variant.declarations.push(declarationsRound(variant.instantiate));
      }
    }

    console.log('\n## (j) Hoisting the glue\'s instance-free helpers to module scope');
    console.log(`component: test/fixtures/components/spin-js-hello; ${names.length} declarations of instantiate() hoisted, ${kept.length} kept per instance.`);
    console.log(`  In this thread, as a worker does: ${ROUNDS} alternating rounds of ${PER_ROUND} instances each answering one GET; median per instance (range over rounds).`);
    console.log('  CPU: this process\'s user + system time, V8\'s background threads (GC) included.');
    console.log(`  Declarations: instantiate() run only as far as its first core module (${DECLARATION_RUNS} calls a round), µs per call.`);
    for (const { name, rounds, declarations } of variants) {
      const column = (pick: (r: Round) => number): string => `${median(rounds.map(pick)).toFixed(2)} ms (${spread(rounds.map(pick))})`;
      console.log(
        `  ${name.padEnd(34)} instantiate ${column((r) => r.instantiateMs)}  instantiate + request ${column((r) => r.cycleMs)}  CPU ${column((r) => r.cpuMs)}  declarations ${median(declarations).toFixed(1)} µs (${spread(declarations)})`,
      );
    }
    // Paired by round, so that a busier stretch of the machine weighs on both alike.
    const [before, after] = variants.map(({ rounds }) => rounds);
    const ratios = (pick: (r: Round) => number): string => {
      const paired = after!.map((r, i) => pick(r) / pick(before![i]!));
      return `${median(paired).toFixed(3)}x (${spread(paired)})`;
    };
    console.log(`  hoisted / as written, per round: instantiate ${ratios((r) => r.instantiateMs)}, instantiate + request ${ratios((r) => r.cycleMs)}, CPU ${ratios((r) => r.cpuMs)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
