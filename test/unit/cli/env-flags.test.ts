import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../runtime/errors/spinscope-error.js';
import { parseEnvFlags } from '../../../runtime/cli/env-flags.js';

// spec §20: `spin up`'s `parse_env_var`.
describe('--env KEY=VALUE, parsed as spin up parses it', () => {
  it('splits at the first =, keeping order and repeats, and accepts an empty key or value', () => {
    expect(parseEnvFlags(['A=1', 'URL=http://x/?a=b', 'A=2', '=empty-key', 'EMPTY='])).toEqual([
      ['A', '1'],
      ['URL', 'http://x/?a=b'],
      ['A', '2'],
      ['', 'empty-key'],
      ['EMPTY', ''],
    ]);
  });

  it("refuses a flag without = in clap's framing of Spin's message", () => {
    expect(() => parseEnvFlags(['FOO'])).toThrow(
      new UsageError("invalid value 'FOO' for '--env <ENV>': Environment variable must be of the form `key=value`"),
    );
  });
});
