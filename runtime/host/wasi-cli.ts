/**
 * `wasi:cli@0.2.x`: environment, exit and stdio for one instance.
 * Stdout and stderr go to per-instance sinks so each request's output is
 * captured on its own; stdin is empty and nothing is a terminal.
 */
import { InputStream, OutputStream } from './wasi-io.js';
import type { WitResult } from './wit-result.js';

/** Where an instance's stdout and stderr bytes go. */
export interface StdioSinks {
  stdout: (bytes: Uint8Array) => void;
  stderr: (bytes: Uint8Array) => void;
}

/** `resource terminal-input`: never handed out, since no stream is a terminal. */
class TerminalInput {}

/** `resource terminal-output`: never handed out, since no stream is a terminal. */
class TerminalOutput {}

/** The guest called `wasi:cli/exit.exit`; this unwinds it as a trap. */
class GuestExit extends Error {}

/**
 * The `wasi:cli` interfaces for one instance, keyed as jco's `instantiate()` looks them up.
 * `environment` is what `get-environment` answers, in order.
 */
export function wasiCli(sinks: StdioSinks, environment: readonly (readonly [string, string])[]): Record<string, object> {
  const stdin = new InputStream(new Uint8Array());
  const stdout = new OutputStream(sinks.stdout);
  const stderr = new OutputStream(sinks.stderr);
  const notATerminal = (): undefined => undefined;
  return {
    'wasi:cli/environment': {
      /** `get-environment: func() -> list<tuple<string, string>>;` */
      getEnvironment: (): [string, string][] => environment.map(([key, value]) => [key, value]),
      /** `get-arguments: func() -> list<string>;` */
      getArguments: (): string[] => [],
      /** `initial-cwd: func() -> option<string>;` */
      initialCwd: (): string | undefined => undefined,
    },
    'wasi:cli/exit': {
      /** `exit: func(status: result);` */
      exit(status: WitResult<undefined>): never {
        throw new GuestExit(`the guest exited with ${status.tag === 'ok' ? 'success' : 'failure'}`);
      },
    },
    /** `get-stdin: func() -> input-stream;` */
    'wasi:cli/stdin': { getStdin: () => stdin },
    /** `get-stdout: func() -> output-stream;` */
    'wasi:cli/stdout': { getStdout: () => stdout },
    /** `get-stderr: func() -> output-stream;` */
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    /** `get-terminal-stdin: func() -> option<terminal-input>;` */
    'wasi:cli/terminal-stdin': { getTerminalStdin: notATerminal },
    /** `get-terminal-stdout: func() -> option<terminal-output>;` */
    'wasi:cli/terminal-stdout': { getTerminalStdout: notATerminal },
    /** `get-terminal-stderr: func() -> option<terminal-output>;` */
    'wasi:cli/terminal-stderr': { getTerminalStderr: notATerminal },
  };
}
