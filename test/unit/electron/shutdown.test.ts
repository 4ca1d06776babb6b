import { describe, expect, it } from 'vitest';
import { Shutdown, type StopOutcome } from '../../../electron/shutdown.js';

/** A shutdown whose stop the test controls, and what it reported. */
function shutdownWith(stop: () => Promise<void>, limitMs = 1_000) {
  const outcomes: StopOutcome[] = [];
  let stops = 0;
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  const shutdown = new Shutdown({
    stop: () => {
      stops += 1;
      return stop();
    },
    stopped: (outcome) => {
      outcomes.push(outcome);
      quit();
    },
    limitMs,
  });
  return { shutdown, outcomes, quitting, stops: () => stops };
}

describe('Shutdown', () => {
  it('holds the quit until the session has stopped, then lets it through', async () => {
    let finish: () => void = () => undefined;
    const { shutdown, outcomes, quitting, stops } = shutdownWith(() => new Promise((resolve) => (finish = resolve)));
    expect(shutdown.mayQuit()).toBe(false);
    // Quitting again meanwhile (a second Cmd-Q, window-all-closed) waits for the same stop.
    expect(shutdown.mayQuit()).toBe(false);
    await Promise.resolve();
    expect(stops()).toBe(1);
    expect(outcomes).toEqual([]);
    finish();
    await quitting;
    expect(outcomes).toEqual([{ kind: 'stopped' }]);
    expect(shutdown.mayQuit()).toBe(true);
  });

  it('quits after the time limit when the session never stops', async () => {
    const { shutdown, outcomes, quitting } = shutdownWith(() => new Promise(() => undefined), 20);
    expect(shutdown.mayQuit()).toBe(false);
    await quitting;
    expect(outcomes).toEqual([{ kind: 'timed-out', limitMs: 20 }]);
    expect(shutdown.mayQuit()).toBe(true);
  });

  it('quits, with the error, when stopping fails', async () => {
    const failure = new Error('listener would not close');
    const { shutdown, outcomes, quitting } = shutdownWith(async () => {
      throw failure;
    });
    shutdown.mayQuit();
    await quitting;
    expect(outcomes).toEqual([{ kind: 'failed', error: failure }]);
  });
});
