import { describe, expect, it } from 'vitest';
import { LatestRequest } from '../../../renderer/state/latest-request.js';

/** A request the test answers (or fails) when it likes. */
function held<T>() {
  let answer!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  return { promise, answer, fail };
}

describe('LatestRequest', () => {
  it('never lets a late answer replace a newer one', async () => {
    const shown: string[] = [];
    const latest = new LatestRequest<string>((value) => shown.push(value));
    const older = held<string>();
    const newer = held<string>();
    const settling = [latest.settle(older.promise), latest.settle(newer.promise)];
    newer.answer('newer');
    older.answer('older');
    expect(await Promise.all(settling)).toEqual(['older', 'newer']);
    expect(shown).toEqual(['newer']);
  });

  it('shows answers in the order the requests started when they arrive in that order', async () => {
    const shown: string[] = [];
    const latest = new LatestRequest<string>((value) => shown.push(value));
    const older = held<string>();
    const newer = held<string>();
    const settling = [latest.settle(older.promise), latest.settle(newer.promise)];
    older.answer('older');
    await settling[0];
    newer.answer('newer');
    await settling[1];
    expect(shown).toEqual(['older', 'newer']);
  });

  it('shows an older answer when the newer request fails', async () => {
    const shown: string[] = [];
    const latest = new LatestRequest<string>((value) => shown.push(value));
    const older = held<string>();
    const newer = held<string>();
    const settlingOlder = latest.settle(older.promise);
    const settlingNewer = latest.settle(newer.promise);
    newer.fail(new Error('refused'));
    await expect(settlingNewer).rejects.toThrow('refused');
    older.answer('older');
    await settlingOlder;
    expect(shown).toEqual(['older']);
  });
});
