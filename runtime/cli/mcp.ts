import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { SpinscopeApi } from '../api/contract.js';
import { UsageError } from '../errors/spinscope-error.js';
import { attachBridge, createSpinscopeMcp } from '../mcp/index.js';
import { PACKAGE_ROOT, ProjectSession } from '../session/index.js';
import { chosenToken } from './chosen-token.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';
import { APP_OPTIONS, openProjectSession, type AppFlagValues } from './session-flags.js';

const OPTIONS = {
  ...APP_OPTIONS,
  attach: { type: 'string' },
  token: { type: 'string' },
  'allow-writes': { type: 'boolean' },
} as const;

/**
 * `spinscope mcp [DIR | -f spin.toml] [app options as up] [--allow-writes]` or
 * `spinscope mcp --attach URL [--token TOKEN] [--allow-writes]`: a Model Context Protocol
 * server on stdio, over the app it runs (as `up`, its HTTP listener as usual) or over a
 * running `spinscope ui`'s bridge. stdout carries only MCP messages; everything else goes
 * to stderr. Serves until the client closes stdin or the process is interrupted.
 */
export async function mcp(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv, stopSignal: Promise<unknown>): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  const channel = claimStdout();
  let api: SpinscopeApi & { close(): unknown };
  if (values.attach !== undefined) {
    const appOptions = Object.keys(APP_OPTIONS).filter((option) => option in values).map((option) => `--${option}`);
    if (appOptions.length > 0 || positionals.length > 0) {
      throw new UsageError(`--attach serves the app spinscope ui runs; ${[...appOptions, ...positionals].join(', ')} would run another: give them to spinscope ui instead`);
    }
    api = await attachBridge(values.attach, chosenToken(values.token, env));
    io.err(`spinscope mcp: attached to spinscope ui at ${new URL(values.attach).origin}`);
  } else {
    if (values.token !== undefined) throw new UsageError('--token goes with --attach URL, to attach to a running spinscope ui');
    api = await openSession(values, positionals, env, io);
  }
  const served = createSpinscopeMcp(api, { version: packageVersion(), allowWrites: values['allow-writes'] === true, log: io.err });
  const transport = new StdioServerTransport(process.stdin, channel);
  const clientGone = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await served.server.connect(transport);
  io.err(`spinscope mcp: serving on stdio${values['allow-writes'] === true ? ', writes allowed' : ' (read-only; --allow-writes enables the write tools)'}`);
  await Promise.race([stopSignal, clientGone]);
  await served.close();
  await api.close();
  return EXIT.ok;
}

async function openSession(values: AppFlagValues, positionals: readonly string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<ProjectSession> {
  const session = await openProjectSession('mcp', values, positionals, env);
  for (const warning of session.warnings()) io.err(`Warning: ${warning.message}`);
  const status = await session.status();
  if (status.problem !== undefined) io.err(`Error: ${status.problem.message}`);
  if (status.origin !== undefined) io.err(`spinscope mcp: ${status.appName ?? 'the app'} serving at ${status.origin}`);
  return session;
}

/**
 * Keeps stdout for the MCP messages: the transport writes to file descriptor 1 through a
 * stream of its own, and whatever else would write to `process.stdout` (a dependency's
 * console.log, a worker's output) goes to stderr, where it cannot corrupt the channel.
 */
function claimStdout(): WriteStream {
  const channel = createWriteStream('', { fd: 1, autoClose: false });
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return channel;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
