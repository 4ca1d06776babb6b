import { UsageError } from '../errors/spinscope-error.js';
import { formatAllowList, suggestAllowList } from '../permissions/index.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';

/** `spinscope hosts suggest URL...`: the least-privilege list as a TOML array. */
export function hostsSuggest(args: readonly string[], io: CliOutput): number {
  const { values, positionals } = parseCliArgs(args, { 'default-scheme': { type: 'string', default: 'https' } });
  if (positionals.length === 0) throw new UsageError('hosts suggest needs at least one URL, e.g. spinscope hosts suggest https://api.example.com/v1');
  io.out(formatAllowList(suggestAllowList(positionals, values['default-scheme'])));
  return EXIT.ok;
}
