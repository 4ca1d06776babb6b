import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors/spinscope-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type StrictConfig<O extends Options> = { args: string[]; options: O; allowPositionals: true; strict: true };

/** `util.parseArgs` in strict mode, with its errors turned into {@link UsageError}s. */
export function parseCliArgs<O extends Options>(args: readonly string[], options: O): ReturnType<typeof parseArgs<StrictConfig<O>>> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(error.message, { cause: error });
    }
    throw error;
  }
}
