import { describe, expect, it } from 'vitest';
import type { AppStatus, EventBatch } from '../../../runtime/api/contract.js';
import { MAX_HELD_MESSAGES, PushQueue } from '../../../electron/push-queue.js';

const status = (state: AppStatus['state']): AppStatus => ({ state, isExample: true, routes: [] });
const batch = (evicted: number): EventBatch => ({ events: [], evicted, evictedBytes: 0, evictedTraceIds: [] });

function recordingQueue(): { queue: PushQueue; sent: [string, unknown][] } {
  const sent: [string, unknown][] = [];
  return { queue: new PushQueue((channel, payload) => void sent.push([channel, payload])), sent };
}

describe('PushQueue', () => {
  it('holds pushes until the renderer is ready, then delivers them in order', () => {
    const { queue, sent } = recordingQueue();
    queue.push('spinscope:status', status('starting'));
    queue.push('spinscope:events', batch(0));
    expect(sent).toEqual([]);
    queue.ready();
    queue.push('spinscope:status', status('running'));
    expect(sent).toEqual([
      ['spinscope:status', status('starting')],
      ['spinscope:events', batch(0)],
      ['spinscope:status', status('running')],
    ]);
  });

  it('holds while a navigation is under way and delivers again when it is cancelled', () => {
    const { queue, sent } = recordingQueue();
    queue.ready();
    queue.navigationStarted();
    queue.push('spinscope:events', batch(1));
    expect(sent).toEqual([]);
    queue.navigationCancelled();
    queue.push('spinscope:events', batch(2));
    expect(sent).toEqual([
      ['spinscope:events', batch(1)],
      ['spinscope:events', batch(2)],
    ]);
  });

  it('waits for the new document once a navigation commits', () => {
    const { queue, sent } = recordingQueue();
    queue.ready();
    queue.navigationStarted();
    queue.documentReplaced();
    queue.push('spinscope:events', batch(1));
    // A late cancellation (of another navigation) does not deliver to a page that does not listen yet.
    queue.navigationCancelled();
    expect(sent).toEqual([]);
    queue.ready();
    expect(sent).toEqual([['spinscope:events', batch(1)]]);
  });

  it("keeps the new document's ready when it arrives before the commit is reported", () => {
    const { queue, sent } = recordingQueue();
    queue.ready();
    queue.navigationStarted();
    queue.ready();
    queue.documentReplaced();
    queue.push('spinscope:events', batch(1));
    expect(sent).toEqual([['spinscope:events', batch(1)]]);
  });

  it('holds after the renderer is gone until a new document says ready, whatever it was doing', () => {
    for (const before of [[], ['navigationStarted']] as const) {
      const { queue, sent } = recordingQueue();
      queue.ready();
      for (const step of before) queue[step]();
      queue.rendererGone();
      queue.navigationCancelled();
      queue.push('spinscope:events', batch(1));
      expect(sent).toEqual([]);
      queue.ready();
      expect(sent).toEqual([['spinscope:events', batch(1)]]);
    }
  });

  it('does not start delivering on a cancelled navigation before any document listened', () => {
    const { queue, sent } = recordingQueue();
    queue.navigationStarted();
    queue.navigationCancelled();
    queue.push('spinscope:events', batch(1));
    expect(sent).toEqual([]);
  });

  it('keeps only the newest messages for a renderer that never becomes ready', () => {
    const { queue, sent } = recordingQueue();
    for (let index = 0; index < MAX_HELD_MESSAGES + 5; index += 1) queue.push('spinscope:events', batch(index));
    expect(queue.held).toBe(MAX_HELD_MESSAGES);
    queue.ready();
    expect(sent[0]).toEqual(['spinscope:events', batch(5)]);
  });
});
