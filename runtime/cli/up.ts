import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { startApp, type RunningApp } from '../app/index.js';
import type { AppWarningEvent } from '../api/events.js';
import { newEventId, newTraceId, serializeEvent, type Subscription } from '../events/index.js';
import { UsageError } from '../errors/spinscope-error.js';
import { DEFAULT_BODY_CAPTURE_LIMIT } from '../http/index.js';
import { defaultRulesFile, OutboundRulesSession, projectManifest } from '../session/index.js';
import { parseVariableFlags } from '../variables/index.js';
import { watchApp, type AppWatcher } from '../watch/index.js';
import { parseEnvFlags } from './env-flags.js';
import { EventsFile } from './events-file.js';
import { LiveLog } from './live-log.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';
import { projectArgument } from './project-argument.js';
import { routeLines } from './route-lines.js';
import { eventBudgetStartOptions } from './event-budget-flags.js';
import { APP_OPTIONS } from './session-flags.js';
import { storeStartOptions, storeSummaryLines } from './store-flags.js';

const OPTIONS = {
  ...APP_OPTIONS,
  'events-out': { type: 'string' },
} as const;

/**
 * `spinscope up [DIR | -f spin.toml] [--listen ADDR] [--variable k=v]... [--env k=v]... [--runtime-config-file FILE]
 * [--state-dir DIR] [--sqlite STATEMENT | @FILE[:LABEL]]... [--events-out FILE] [--watch] [--max-event-bytes SIZE] [--max-trace-bytes SIZE]
 * [--rules FILE]`: serves the app until interrupted, logging every request, outbound call, denial and hop.
 * With `--watch`, rebuilds and reloads it in place as files change (see watchApp). The
 * outbound rules of `--rules FILE`, else of `.spinscope/rules.toml` beside spin.toml if
 * there is one, act on outbound calls and are reloaded when the file changes (docs/rules.md).
 */
export async function up(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv, stopSignal: Promise<unknown>): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  const project = projectArgument('up', values.file, positionals);
  const cliEnvironment = parseEnvFlags(values.env ?? []);
  let running: RunningApp | undefined;
  const warn = (message: string, error?: Error): void => {
    io.err(`Warning: ${message}`);
    running?.events.publish(warningEvent(message, error));
  };
  const eventsFile = values['events-out'] === undefined ? undefined : await EventsFile.open(values['events-out'], warn);
  // up has no record switch, so the recording cap never applies.
  const rules = new OutboundRulesSession(warn, DEFAULT_BODY_CAPTURE_LIMIT);
  try {
    const manifest = await projectManifest(project);
    const stores = storeStartOptions(values, env, manifest);
    const rulesFile = values.rules === undefined ? defaultRulesFile(manifest) : resolve(values.rules);
    if (values.rules !== undefined && !existsSync(rulesFile)) throw new UsageError(`--rules ${values.rules}: no such file; write the rules first (docs/rules.md)`);
    await rules.use(rulesFile);
    running = await startApp(manifest, {
      env,
      cliVariables: parseVariableFlags(values.variable ?? []),
      cliEnvironment,
      ...stores,
      ...eventBudgetStartOptions(values),
      ...(values.listen === undefined ? {} : { listen: values.listen }),
      rules: rules.book,
    });
    const warnings = [...running.app.warnings.map((warning) => warning.message), ...running.routeWarnings];
    for (const warning of warnings) io.err(`Warning: ${warning}`);
    storeSummaryLines(running.app).forEach((line) => io.out(line));
    routeLines(running.url, running.routes).forEach((line) => io.out(line));
    const inForce = rules.snapshot().rules.filter((rule) => rule.enabled).length;
    if (existsSync(rulesFile)) io.out(`Outbound rules: ${inForce} in force from ${relative(process.cwd(), rulesFile) || rulesFile}`);
    const eventsOut = eventsFile === undefined ? undefined : writeEvents(running, eventsFile);
    const log = new LiveLog(relative(process.cwd(), manifest) || manifest);
    const live = running.events.subscribe((event) => log.linesFor(event).forEach((line) => io.out(line)));
    const watcher = values.watch === true ? await startWatching(running, io) : undefined;
    await stopSignal;
    await watcher?.close();
    // Stopping first lets the last events reach the log and the file before they close.
    await running.stop();
    live.unsubscribe();
    eventsOut?.unsubscribe();
  } finally {
    await rules.close();
    await eventsFile?.close();
  }
  return EXIT.ok;
}

/** Builds and reload results reach the log as events; only the watch itself is announced here. */
async function startWatching(running: RunningApp, io: CliOutput): Promise<AppWatcher> {
  const watcher = await watchApp(running);
  for (const component of watcher.plan.unwatched) {
    // spin watch's own warning (src/commands/watch/filters.rs).
    io.err(`You haven't configured what to watch for the component: '${component}'. Learn how to configure Spin watch at https://developer.fermyon.com/common/cli-reference#watch`);
  }
  const { files, dirs } = watcher.plan.targets;
  io.out(`Watching ${files.length} files and ${dirs.length} directories for changes (spin.toml, component sources, build.watch)`);
  return watcher;
}

/** Appends every event to `file`, those already recorded first. */
function writeEvents(running: RunningApp, file: EventsFile): Subscription {
  for (const event of running.events.events()) file.append(`${serializeEvent(event)}\n`);
  // The file's own queue holds what waits for the disk, and drops (counting) while it fails.
  return running.events.subscribe((event) => file.append(`${serializeEvent(event)}\n`), { queueLimit: Number.POSITIVE_INFINITY });
}

function warningEvent(message: string, error: Error | undefined): AppWarningEvent {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return {
    kind: 'app.warning',
    id: newEventId(),
    time: Date.now(),
    traceId: newTraceId(),
    message,
    ...(error === undefined ? {} : { error: { ...(code === undefined ? {} : { code }), name: error.name, message: error.message } }),
  };
}
