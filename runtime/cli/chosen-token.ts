import { tokenProblem } from '../bridge/index.js';
import { UsageError } from '../errors/spinscope-error.js';

/** The token `--token` or `SPINSCOPE_TOKEN` sets (the flag wins; an empty variable sets none), checked before anything starts. */
export function chosenToken(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const [source, token] = flag !== undefined ? ['--token', flag] : ['SPINSCOPE_TOKEN', env['SPINSCOPE_TOKEN'] || undefined];
  if (token === undefined) return undefined;
  const problem = tokenProblem(token);
  if (problem !== undefined) throw new UsageError(`${source} ${problem}`);
  return token;
}
