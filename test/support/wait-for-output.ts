import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Resolves once `output.text` (what the test collects of `spinscope up`'s output) matches
 * `pattern`, checked as either stream prints; rejects if the process exits first.
 */
export function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp, output: { text: string }): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = pattern.exec(output.text);
      if (match) resolve(match);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => reject(new Error(`spinscope up exited with ${code} before printing ${pattern}: ${output.text}`)));
    check();
  });
}
