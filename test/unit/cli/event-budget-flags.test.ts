import { describe, expect, it } from 'vitest';
import { eventBudgetStartOptions, parseByteSize } from '../../../runtime/cli/event-budget-flags.js';
import { UsageError } from '../../../runtime/errors/spinscope-error.js';

describe('--max-event-bytes and --max-trace-bytes', () => {
  it.each([
    ['1048576', 1_048_576],
    ['256MiB', 256 * 1024 ** 2],
    ['256mib', 256 * 1024 ** 2],
    ['64K', 64 * 1024],
    ['64 KiB', 64 * 1024],
    ['1G', 1024 ** 3],
    ['1.5M', 1.5 * 1024 ** 2],
    ['0', 0],
  ])('reads %s as %i bytes', (text, bytes) => {
    expect(parseByteSize('--max-event-bytes', text)).toBe(bytes);
  });

  it.each(['', 'lots', '-1', '10MB', '1e6', '12 parsecs'])('refuses %j, naming the flag and the accepted forms', (text) => {
    expect(() => parseByteSize('--max-event-bytes', text)).toThrow(UsageError);
    expect(() => parseByteSize('--max-event-bytes', text)).toThrow(/--max-event-bytes must be a size in bytes, e\.g\. 256MiB/);
  });

  it('gives start options only for the flags given', () => {
    expect(eventBudgetStartOptions({})).toEqual({});
    expect(eventBudgetStartOptions({ 'max-event-bytes': '32MiB' })).toEqual({ maxEventBytes: 32 * 1024 ** 2 });
    expect(eventBudgetStartOptions({ 'max-event-bytes': '32MiB', 'max-trace-bytes': '4MiB' })).toEqual({ maxEventBytes: 32 * 1024 ** 2, maxTraceBytes: 4 * 1024 ** 2 });
  });

  it('refuses a trace cap larger than the budget, the default budget included', () => {
    expect(() => eventBudgetStartOptions({ 'max-event-bytes': '1MiB', 'max-trace-bytes': '2MiB' })).toThrow(/--max-trace-bytes \(2MiB\) cannot be more than --max-event-bytes \(1MiB\)/);
    expect(() => eventBudgetStartOptions({ 'max-trace-bytes': '1GiB' })).toThrow(/256MiB, the default/);
  });
});
