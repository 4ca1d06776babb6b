import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, type RunningApp } from '../app/index.js';
import { serializeEvent } from '../events/index.js';
import { parseVariableFlags } from '../variables/index.js';
import { LiveLog } from './live-log.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';

const OPTIONS = {
  file: { type: 'string', short: 'f' },
  listen: { type: 'string' },
  variable: { type: 'string', multiple: true },
  'events-out': { type: 'string' },
} as const;

/** The app `spinscope up` runs when given none. */
export const BUNDLED_EXAMPLE = fileURLToPath(new URL('../../../resources/examples/hello-spinscope/spin.toml', import.meta.url));

/**
 * `spinscope up [DIR | -f spin.toml] [--listen ADDR] [--variable k=v]... [--events-out FILE]`:
 * serves the app until interrupted, logging every request, outbound call, denial and hop.
 */
export async function up(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv, stopSignal: Promise<unknown>): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  const manifest = await manifestPath(values.file ?? positionals[0]);
  const running = await startApp(manifest, {
    env,
    cliVariables: parseVariableFlags(values.variable ?? []),
    ...(values.listen === undefined ? {} : { listen: values.listen }),
  });
  for (const warning of running.app.warnings) io.err(`Warning: ${warning.message}`);
  printRoutes(running, io);
  const eventsOut = values['events-out'] === undefined ? undefined : writeEvents(running, values['events-out']);
  const log = new LiveLog();
  const live = running.events.subscribe((event) => log.linesFor(event).forEach((line) => io.out(line)));
  await stopSignal;
  // Stopping first lets the last events reach the log and the file before they close.
  await running.stop();
  live.unsubscribe();
  await eventsOut?.close();
  return EXIT.ok;
}

// `up DIR` reads DIR/spin.toml, `up FILE` that file, and `up` alone the bundled example.
async function manifestPath(given: string | undefined): Promise<string> {
  if (given === undefined) return BUNDLED_EXAMPLE;
  const info = await stat(given).catch(() => undefined);
  return info?.isDirectory() ? join(given, 'spin.toml') : given;
}

function printRoutes(running: RunningApp, io: CliOutput): void {
  io.out(`Serving ${running.url}`);
  io.out('Available Routes:');
  for (const route of running.routes) io.out(`  ${route.component}: ${running.url}${route.display}`);
}

/** Appends every event, those already recorded first, to `file` as JSON lines. */
function writeEvents(running: RunningApp, file: string): { close(): Promise<void> } {
  const out: WriteStream = createWriteStream(file);
  for (const event of running.events.events()) out.write(`${serializeEvent(event)}\n`);
  // A file keeps up with any request rate, so its queue is unbounded: --events-out loses nothing.
  const subscription = running.events.subscribe((event) => void out.write(`${serializeEvent(event)}\n`), {
    queueLimit: Number.POSITIVE_INFINITY,
  });
  return {
    close: () => {
      subscription.unsubscribe();
      return new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    },
  };
}
