import { describe, expect, it } from 'vitest';
import { BACKLOG_PAUSE_AT, ByteQueue } from '../../../runtime/http/index.js';
import { OutputStream } from '../../../runtime/host/wasi-io.js';
import { WriteWindow } from '../../../runtime/host/write-window.js';

const KiB = 1 << 10;

/**
 * A guest's output stream whose reader is a queue: `reader.take(n)` plays the peer taking
 * bytes, and each time the guest would block, `onWait` runs (the reader's chance to move).
 */
function streamToQueue(onWait: (reader: ByteQueue) => void = () => undefined): { stream: OutputStream; reader: ByteQueue; waits: () => number } {
  let taken = 0;
  let waits = 0;
  const reader = new ByteQueue((bytes) => (taken += bytes));
  const window = new WriteWindow(
    (bytes) => reader.push(bytes),
    () => taken,
    () => {
      waits += 1;
      onWait(reader);
    },
  );
  return { stream: new OutputStream((bytes) => window.write(bytes), window), reader, waits: () => waits };
}

describe("a guest's output stream to a reader that lags", () => {
  it('offers the window, then nothing once that much is untaken, until the reader catches up to the low-water mark', () => {
    const { stream, reader } = streamToQueue();
    expect(stream.checkWrite()).toEqual({ tag: 'ok', val: BigInt(BACKLOG_PAUSE_AT) });
    stream.write(new Uint8Array(BACKLOG_PAUSE_AT));
    expect(stream.checkWrite()).toEqual({ tag: 'ok', val: 0n });
    expect(stream.subscribe().ready()).toBe(false);
    reader.take(512 * KiB);
    expect(stream.checkWrite()).toEqual({ tag: 'ok', val: 0n });
    reader.take(256 * KiB);
    expect(stream.subscribe().ready()).toBe(true);
    expect(stream.checkWrite()).toEqual({ tag: 'ok', val: BigInt(768 * KiB) });
  });

  it('blocks a blocking write until the reader has taken enough, then writes', () => {
    const { stream, reader, waits } = streamToQueue((queue) => queue.take(128 * KiB));
    stream.write(new Uint8Array(BACKLOG_PAUSE_AT));
    expect(stream.blockingWriteAndFlush(new Uint8Array([1, 2, 3]))).toEqual({ tag: 'ok', val: undefined });
    expect(waits()).toBe(6);
    expect(reader.size).toBe(256 * KiB + 3);
  });

  it('stops holding the guest back once the reader discards the rest', () => {
    const { stream, reader } = streamToQueue();
    stream.write(new Uint8Array(BACKLOG_PAUSE_AT));
    reader.discard();
    expect(stream.subscribe().ready()).toBe(true);
    stream.write(new Uint8Array(BACKLOG_PAUSE_AT));
    expect(reader.size).toBe(0);
    expect(stream.checkWrite()).toEqual({ tag: 'ok', val: BigInt(BACKLOG_PAUSE_AT) });
  });
});
