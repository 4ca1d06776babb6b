import { createWriteStream, type WriteStream } from 'node:fs';
import { startApp, type RunningApp } from '../app/index.js';
import { serializeEvent } from '../events/index.js';
import { projectManifest } from '../session/index.js';
import { parseVariableFlags } from '../variables/index.js';
import { LiveLog } from './live-log.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';
import { routeLines } from './route-lines.js';

const OPTIONS = {
  file: { type: 'string', short: 'f' },
  listen: { type: 'string' },
  variable: { type: 'string', multiple: true },
  'events-out': { type: 'string' },
} as const;

/**
 * `spinscope up [DIR | -f spin.toml] [--listen ADDR] [--variable k=v]... [--events-out FILE]`:
 * serves the app until interrupted, logging every request, outbound call, denial and hop.
 */
export async function up(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv, stopSignal: Promise<unknown>): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  const manifest = await projectManifest(values.file ?? positionals[0]);
  const running = await startApp(manifest, {
    env,
    cliVariables: parseVariableFlags(values.variable ?? []),
    ...(values.listen === undefined ? {} : { listen: values.listen }),
  });
  for (const warning of running.app.warnings) io.err(`Warning: ${warning.message}`);
  routeLines(running.url, running.routes).forEach((line) => io.out(line));
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
