import type { AppStatus } from '../api/contract.js';
import type { CliOutput } from './output.js';
import { routeLines } from './route-lines.js';

/**
 * `spinscope ui`'s terminal report of the session's status: the routes each time the app
 * starts serving, each new problem once, and each session change a reload dropped once.
 */
export function statusReporter(io: CliOutput): (status: AppStatus) => void {
  let last: AppStatus | undefined;
  return (status) => {
    if (status.state === 'running' && status.origin !== undefined && last?.state !== 'running') {
      routeLines(status.origin, status.routes).forEach((line) => io.out(line));
    }
    if (status.problem !== undefined && status.problem.message !== last?.problem?.message) io.err(`Error: ${status.problem.message}`);
    for (const { message } of status.droppedSessionChanges ?? []) {
      if (!(last?.droppedSessionChanges ?? []).some((seen) => seen.message === message)) io.err(`Warning: ${message}`);
    }
    last = status;
  };
}
