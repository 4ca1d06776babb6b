/**
 * The flags bounding the memory recorded events may take, shared by `spinscope up` and
 * `spinscope ui`: `--max-event-bytes` (the event store's budget) and `--max-trace-bytes`
 * (one trace's cap). Spin has no such flags: it records nothing.
 */
import type { StartOptions } from '../app/index.js';
import { UsageError } from '../errors/spinscope-error.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../events/index.js';

export const EVENT_BUDGET_OPTIONS = {
  'max-event-bytes': { type: 'string' },
  'max-trace-bytes': { type: 'string' },
} as const;

/** The parsed values of {@link EVENT_BUDGET_OPTIONS}. */
export interface EventBudgetFlagValues {
  readonly 'max-event-bytes'?: string;
  readonly 'max-trace-bytes'?: string;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/** Start options from the flags; throws UsageError for a size that is not one. */
export function eventBudgetStartOptions(values: EventBudgetFlagValues): Pick<StartOptions, 'maxEventBytes' | 'maxTraceBytes'> {
  const maxEventBytes = values['max-event-bytes'] === undefined ? undefined : parseByteSize('--max-event-bytes', values['max-event-bytes']);
  const maxTraceBytes = values['max-trace-bytes'] === undefined ? undefined : parseByteSize('--max-trace-bytes', values['max-trace-bytes']);
  if (maxTraceBytes !== undefined && maxTraceBytes > (maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES)) {
    const budget = values['max-event-bytes'] ?? '256MiB, the default';
    throw new UsageError(`--max-trace-bytes (${values['max-trace-bytes']}) cannot be more than --max-event-bytes (${budget}): one trace must fit in the store`);
  }
  return {
    ...(maxEventBytes === undefined ? {} : { maxEventBytes }),
    ...(maxTraceBytes === undefined ? {} : { maxTraceBytes }),
  };
}

/** `256MiB`, `64k`, `1G` or a plain number of bytes; units are powers of 1024, in any case. */
export function parseByteSize(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[match?.[2]?.toLowerCase() ?? 'none'];
  const bytes = match === null || unit === undefined ? Number.NaN : Math.floor(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes)) {
    throw new UsageError(`${flag} must be a size in bytes, e.g. 256MiB, 64KiB, 1GiB or 1048576 (units K/KiB, M/MiB, G/GiB are powers of 1024), not ${JSON.stringify(text)}`);
  }
  return bytes;
}
