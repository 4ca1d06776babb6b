import { DEFAULT_BRIDGE_PORT, startBridge, type Bridge } from '../bridge/index.js';
import { UsageError } from '../errors/spinscope-error.js';
import { chosenToken } from './chosen-token.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';
import { APP_OPTIONS, openProjectSession } from './session-flags.js';
import { statusReporter } from './status-reporter.js';

const OPTIONS = {
  ...APP_OPTIONS,
  port: { type: 'string' },
  token: { type: 'string' },
} as const;

/**
 * `spinscope ui [DIR | -f spin.toml] [--port N] [--token TOKEN] [--listen ADDR] [--variable KEY=VALUE]... [--env KEY=VALUE]...
 * [--runtime-config-file FILE] [--state-dir DIR] [--sqlite STATEMENT | @FILE[:LABEL]]... [--watch] [--max-event-bytes SIZE] [--max-trace-bytes SIZE] [--rules FILE]`:
 * runs the app and serves the inspector to a browser on 127.0.0.1 until interrupted, at
 * an address carrying the bridge's token (`--token`, else `SPINSCOPE_TOKEN`, else a
 * random one). A project that fails to load is reported here and in the inspector,
 * which keeps serving. `--rules FILE` chooses the outbound rules file (docs/rules.md;
 * `.spinscope/rules.toml` beside spin.toml by default), created when rules are first saved.
 */
export async function ui(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv, stopSignal: Promise<unknown>): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  const port = parsePort(values.port);
  const token = chosenToken(values.token, env);
  const session = await openProjectSession('ui', values, positionals, env);
  let bridge: Bridge;
  try {
    bridge = await startBridge({ session, port, ...(token === undefined ? {} : { token }) });
  } catch (error) {
    await session.close();
    throw error;
  }
  io.out(`Inspector: ${bridge.openUrl}`);
  for (const warning of session.warnings()) io.err(`Warning: ${warning.message}`);
  const { problem } = await session.outboundRules();
  if (problem !== undefined) io.err(`Warning: ${problem.message}`);
  const report = statusReporter(io);
  report(await session.status());
  const unsubscribe = session.onStatus(report);
  await stopSignal;
  unsubscribe();
  await bridge.close();
  await session.close();
  return EXIT.ok;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BRIDGE_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port must be a port number from 0 to 65535 (0 picks a free one), not ${JSON.stringify(text)}`);
  return port;
}
