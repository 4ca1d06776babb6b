import { SpinscopeError, UsageError } from '../errors/spinscope-error.js';
import { hostsAllow } from './hosts-allow.js';
import { hostsAudit } from './hosts-audit.js';
import { hostsCheck } from './hosts-check.js';
import { hostsSuggest } from './hosts-suggest.js';
import { mcp } from './mcp.js';
import { hostsWhatIf } from './hosts-what-if.js';
import { ui } from './ui.js';
import { up } from './up.js';
import { EXIT, type CliOutput } from './output.js';
import { USAGE } from './usage.js';

/** What a command line runs against: its output, its environment, and when to stop serving. */
export interface CliContext {
  readonly io: CliOutput;
  readonly env: NodeJS.ProcessEnv;
  /** Settles when a long-running command (`up`, `ui`, `mcp`) should stop, e.g. on Ctrl-C. */
  readonly stopSignal: Promise<unknown>;
}

/** Runs one `spinscope` command line and returns its exit code; never throws a SpinscopeError. */
export async function runCli(args: readonly string[], { io, env, stopSignal }: CliContext): Promise<number> {
  try {
    return await dispatch(args, io, env, stopSignal);
  } catch (error) {
    if (!(error instanceof SpinscopeError)) throw error;
    io.err(`Error: ${error.message}`);
    if (error instanceof UsageError) io.err("Run 'spinscope --help' for usage.");
    return EXIT.badInput;
  }
}

async function dispatch(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv, stopSignal: Promise<unknown>): Promise<number> {
  const [command, subcommand, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (command === 'hosts' && subcommand === 'check') return hostsCheck(rest, io, env);
  if (command === 'hosts' && subcommand === 'suggest') return hostsSuggest(rest, io);
  if (command === 'hosts' && subcommand === 'allow') return hostsAllow(rest, io);
  if (command === 'hosts' && subcommand === 'what-if') return hostsWhatIf(rest, io, env);
  if (command === 'hosts' && subcommand === 'audit') return hostsAudit(rest, io, env);
  if (command === 'up') return up(args.slice(1), io, env, stopSignal);
  if (command === 'ui') return ui(args.slice(1), io, env, stopSignal);
  if (command === 'mcp') return mcp(args.slice(1), io, env, stopSignal);
  throw new UsageError(`unknown command: ${args.slice(0, 2).join(' ')}`);
}
