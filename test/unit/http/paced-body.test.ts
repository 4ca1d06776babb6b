import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { pacedBody } from '../../../runtime/http/index.js';

const CHUNK = 64 << 10;

/** A sender of `chunks` 64 KiB chunks that counts how many were taken from it. */
function sender(chunks: number): { source: AsyncIterable<Uint8Array>; taken: () => number } {
  let taken = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (; taken < chunks; ) {
      taken++;
      yield new Uint8Array(CHUNK);
    }
  }
  return { source: source(), taken: () => taken };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await nextTurn();
}

describe('a body read while the guest takes it', () => {
  it('stops reading past 1 MiB unread and reads on once the guest catches up', async () => {
    const { source, taken } = sender(64);
    const body = pacedBody(source);
    await settle();
    expect(body.queue.size).toBe(1 << 20);
    expect(taken()).toBe(16);
    body.taken(body.queue.take().byteLength);
    await settle();
    expect(taken()).toBe(32);
  });

  it('reads and drops the rest once the guest is done with it, so the sender can finish', async () => {
    const { source, taken } = sender(64);
    const body = pacedBody(source);
    await settle();
    body.cancel();
    await settle();
    expect(taken()).toBe(64);
    expect(body.queue.size).toBe(1 << 20);
    expect(body.queue.done).toBe(true);
  });

  it('fails the body when the sender goes away midway', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(3);
      throw new Error('socket hang up');
    }
    const body = pacedBody(broken());
    await settle();
    expect(body.queue.size).toBe(3);
    expect(body.queue.error).toEqual({ tag: 'connection-terminated' });
  });
});
