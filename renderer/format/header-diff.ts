/**
 * The headers a request went out with beside those the guest set: which were added or
 * changed on the way (Spin's `Host` rewrite, spec §13.56; what the HTTP client adds), and
 * which the guest set but were not sent. Names compare without case, as HTTP's do.
 */
import type { HeaderList } from '../../runtime/api/events.js';

/** How a header as sent differs from the guest's. */
export type SentMark = 'same' | 'added' | 'changed';

/** The headers as sent, each marked, and the guest's headers that were not sent. */
export interface HeaderDiff {
  readonly sent: readonly (readonly [name: string, value: string, mark: SentMark])[];
  readonly removed: HeaderList;
}

/** How `sent` differs from `guest`. */
export function diffHeaders(guest: HeaderList, sent: HeaderList): HeaderDiff {
  const unmatched = [...guest];
  const marked = sent.map(([name, value]): readonly [string, string, SentMark] => {
    const lower = name.toLowerCase();
    const exact = unmatched.findIndex(([each, eachValue]) => each.toLowerCase() === lower && eachValue === value);
    if (exact >= 0) {
      unmatched.splice(exact, 1);
      return [name, value, 'same'];
    }
    const named = unmatched.findIndex(([each]) => each.toLowerCase() === lower);
    if (named < 0) return [name, value, 'added'];
    unmatched.splice(named, 1);
    return [name, value, 'changed'];
  });
  return { sent: marked, removed: unmatched };
}
