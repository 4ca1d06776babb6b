import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../../runtime/http/index.js';
import { IncomingResponse } from '../../../runtime/host/http-incoming.js';
import { wasiHttp } from '../../../runtime/host/wasi-http.js';
import { denyingLink } from '../../../runtime/host/outbound-link.js';
import type { InputStream, IoError } from '../../../runtime/host/wasi-io.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (value: unknown): string => new TextDecoder().decode(value as Uint8Array);

/** A body whose bytes the test delivers, recording what its queue reports the reader took. */
function arriving(): { queue: ByteQueue; consumedTotal: number } {
  const body = { queue: new ByteQueue((n) => (body.consumedTotal += n)), consumedTotal: 0 };
  return body;
}

/** The response body's input-stream, reading with `wait` standing in for the worker's wait on the main thread. */
function streamOf(body: { queue: ByteQueue }, wait: () => void = () => undefined): InputStream {
  const response = new IncomingResponse({ status: 200, headers: [], body: body.queue }, wait);
  const incoming = response.consume();
  if (incoming.tag !== 'ok') throw new Error('no body');
  const stream = incoming.val.stream();
  if (stream.tag !== 'ok') throw new Error('no stream');
  return stream.val;
}

describe('ByteQueue', () => {
  it('takes bytes in order across chunk boundaries', () => {
    const queue = new ByteQueue();
    queue.push(bytes('hel'));
    queue.push(bytes('lo '));
    queue.push(bytes('world'));
    expect(text(queue.take(4))).toBe('hell');
    expect(text(queue.take(2))).toBe('o ');
    expect(queue.size).toBe(5);
    expect(text(queue.take())).toBe('world');
  });

  it('ignores bytes after the end and keeps the first way it ended', () => {
    const queue = new ByteQueue();
    queue.end();
    queue.push(bytes('late'));
    queue.fail({ tag: 'connection-terminated' });
    expect(queue.size).toBe(0);
    expect(queue.error).toBeUndefined();
    expect(queue.done).toBe(true);
  });
});

describe('an outbound response body read while it arrives', () => {
  it('reads nothing (not closed) while bytes are still to come, then what arrived, then closed at the end', () => {
    const body = arriving();
    const stream = streamOf(body);
    expect(stream.read(10n)).toEqual({ tag: 'ok', val: new Uint8Array() });
    body.queue.push(bytes('first'));
    expect(text(stream.read(3n).val)).toBe('fir');
    expect(text(stream.read(10n).val)).toBe('st');
    expect(body.consumedTotal).toBe(5);
    body.queue.end();
    expect(stream.read(10n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
  });

  it('blocks a blocking read, and a subscribed pollable, until bytes arrive', () => {
    const body = arriving();
    const deliveries = ['one', 'two'];
    let waits = 0;
    const stream = streamOf(body, () => {
      waits += 1;
      body.queue.push(bytes(deliveries.shift() ?? ''));
    });
    expect(stream.subscribe().ready()).toBe(false);
    expect(text(stream.blockingRead(100n).val)).toBe('one');
    const pollable = stream.subscribe();
    pollable.block();
    expect(pollable.ready()).toBe(true);
    expect(text(stream.read(100n).val)).toBe('two');
    expect(waits).toBe(2);
  });

  it("reports a body that fails midway as last-operation-failed carrying the wasi:http error, then closed", () => {
    const body = arriving();
    const stream = streamOf(body);
    body.queue.push(bytes('part'));
    body.queue.fail({ tag: 'connection-read-timeout' });
    expect(text(stream.read(100n).val)).toBe('part');
    const failed = stream.read(100n);
    expect(failed).toMatchObject({ tag: 'err', val: { tag: 'last-operation-failed' } });
    const ioError = (failed.val as { val: IoError }).val;
    const { httpErrorCode } = wasiHttp(denyingLink())['wasi:http/types'] as { httpErrorCode: (error: IoError) => unknown };
    expect(httpErrorCode(ioError)).toEqual({ tag: 'connection-read-timeout' });
    expect(stream.read(100n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
  });
});
