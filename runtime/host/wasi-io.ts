/**
 * `wasi:io@0.2.x`: `error`, `poll` and `streams`, implemented synchronously.
 *
 * Guests run in a worker thread, so a host call may block: clock pollables,
 * outbound responses and bodies still arriving wait, as do writes to a body whose
 * reader lags; bytes in memory are ready.
 */
import { ByteQueue, type HttpErrorCode } from '../http/index.js';
import { err, ok, type WitResult } from './wit-result.js';

/** `stream-error` from `wasi:io/streams`. */
export type StreamError = { tag: 'last-operation-failed'; val: IoError } | { tag: 'closed' };

/** How much a guest may write per `check-write`; large enough that bodies need few round trips. */
const WRITE_BUDGET = 1 << 20;

/** `resource error { to-debug-string: func() -> string; }` */
export class IoError {
  readonly #message: string;
  /** The `wasi:http` error behind a failed body read, for `http-error-code`. */
  readonly httpErrorCode: HttpErrorCode | undefined;

  constructor(message: string, httpErrorCode?: HttpErrorCode) {
    this.#message = message;
    this.httpErrorCode = httpErrorCode;
  }

  toDebugString(): string {
    return this.#message;
  }
}

/** Blocks the guest's thread until something a pollable waits for may have happened, or until `deadline` (monotonic ns). */
export type WaitForActivity = (deadline?: bigint) => void;

/**
 * `resource pollable { ready: func() -> bool; block: func(); }`
 *
 * This base is a clock pollable (or, without a deadline, one that is always ready);
 * it blocks through the host's `wait`, so every wait of the guest's thread goes one way.
 */
export class Pollable {
  /** Monotonic-clock nanoseconds at which this becomes ready; `undefined` means now. */
  readonly deadline: bigint | undefined;
  readonly #wait: WaitForActivity;

  constructor(deadline?: bigint, wait: WaitForActivity = sleepUntil) {
    this.deadline = deadline;
    this.#wait = wait;
  }

  ready(): boolean {
    return this.deadline === undefined || process.hrtime.bigint() >= this.deadline;
  }

  block(): void {
    while (!this.ready()) this.#wait(this.deadline);
  }
}

/** A pollable that is ready once `isReady` says so, waiting on `wait` meanwhile. */
export class ConditionPollable extends Pollable {
  readonly #isReady: () => boolean;
  readonly #wait: WaitForActivity;

  constructor(isReady: () => boolean, wait: WaitForActivity) {
    super();
    this.#isReady = isReady;
    this.#wait = wait;
  }

  override ready(): boolean {
    return this.#isReady();
  }

  override block(): void {
    while (!this.#isReady()) this.#wait();
  }
}

/** `poll: func(in: list<borrow<pollable>>) -> list<u32>;` blocking on `wait` until one is ready. */
function pollWith(wait: WaitForActivity): (pollables: Pollable[]) => Uint32Array {
  return (pollables) => {
    if (pollables.length === 0) throw new Error('wasi:io/poll.poll called with an empty list');
    for (;;) {
      const ready = readyIndices(pollables);
      if (ready.length > 0) return ready;
      wait(earliestDeadline(pollables));
    }
  };
}

function readyIndices(pollables: Pollable[]): Uint32Array {
  return Uint32Array.from(pollables.flatMap((p, index) => (p.ready() ? [index] : [])));
}

function earliestDeadline(pollables: Pollable[]): bigint | undefined {
  let earliest: bigint | undefined;
  for (const { deadline } of pollables) {
    if (deadline !== undefined && (earliest === undefined || deadline < earliest)) earliest = deadline;
  }
  return earliest;
}

/** Sleeps the calling (worker) thread until `deadline`: the wait of a host with nothing else to wait for. */
function sleepUntil(deadline?: bigint): void {
  if (deadline === undefined) return;
  const remainingMs = Number(deadline - process.hrtime.bigint()) / 1e6;
  if (remainingMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.ceil(remainingMs));
}

/**
 * `resource input-stream`, over a body's bytes: in memory, or arriving while the guest reads
 * (its queue's `onTaken` tells the sender what the guest took).
 */
export class InputStream {
  readonly #queue: ByteQueue;
  readonly #wait: WaitForActivity;
  #failureReported = false;

  /** Bytes in memory (`Uint8Array`) are all there; an arriving body is waited for on `wait`. */
  constructor(source: Uint8Array | ByteQueue, wait: WaitForActivity = () => undefined) {
    this.#queue = source instanceof Uint8Array ? ByteQueue.complete(source) : source;
    this.#wait = wait;
  }

  /** `read: func(len: u64) -> result<list<u8>, stream-error>;` (an empty list while bytes are still to come) */
  read(len: bigint): WitResult<Uint8Array, StreamError> {
    const queue = this.#queue;
    if (queue.size > 0) return ok(queue.take(Number(len)));
    if (queue.error !== undefined && !this.#failureReported) {
      this.#failureReported = true;
      return err({ tag: 'last-operation-failed', val: new IoError(`the body failed: ${queue.error.tag}`, queue.error) });
    }
    return queue.done ? err({ tag: 'closed' }) : ok(new Uint8Array());
  }

  /** `blocking-read: func(len: u64) -> result<list<u8>, stream-error>;` */
  blockingRead(len: bigint): WitResult<Uint8Array, StreamError> {
    this.#block();
    return this.read(len);
  }

  /** `skip: func(len: u64) -> result<u64, stream-error>;` */
  skip(len: bigint): WitResult<bigint, StreamError> {
    const read = this.read(len);
    return read.tag === 'ok' ? ok(BigInt(read.val.byteLength)) : read;
  }

  /** `blocking-skip: func(len: u64) -> result<u64, stream-error>;` */
  blockingSkip(len: bigint): WitResult<bigint, StreamError> {
    this.#block();
    return this.skip(len);
  }

  /** `subscribe: func() -> pollable;` ready when bytes are waiting or the body is over. */
  subscribe(): Pollable {
    return new ConditionPollable(() => this.#readable(), this.#wait);
  }

  #readable(): boolean {
    return this.#queue.size > 0 || this.#queue.done;
  }

  #block(): void {
    while (!this.#readable()) this.#wait();
  }
}

/** How much an output stream's reader will take now, and how to wait for it to take more. */
export interface WriteRoom {
  /** Bytes that may be written now; 0 while the reader is too far behind. */
  available(): number;
  /** Blocks the guest's thread until `available` may have grown. */
  wait(): void;
}

/** The room of a stream whose bytes are kept in memory (stdio, a body not yet under way). */
export const UNBOUNDED_ROOM: WriteRoom = { available: () => WRITE_BUDGET, wait: () => undefined };

/** `resource output-stream`, handing every write to a sink as fast as `room` allows. */
export class OutputStream {
  readonly #sink: (bytes: Uint8Array) => void;
  readonly #room: WriteRoom;

  constructor(sink: (bytes: Uint8Array) => void, room: WriteRoom = UNBOUNDED_ROOM) {
    this.#sink = sink;
    this.#room = room;
  }

  /** `check-write: func() -> result<u64, stream-error>;` */
  checkWrite(): WitResult<bigint, StreamError> {
    return ok(BigInt(this.#room.available()));
  }

  /** `write: func(contents: list<u8>) -> result<_, stream-error>;` */
  write(contents: Uint8Array): WitResult<undefined, StreamError> {
    // The guest's memory is reused after the call returns, so keep a copy.
    this.#sink(contents.slice());
    return ok(undefined);
  }

  /** `blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>;` */
  blockingWriteAndFlush(contents: Uint8Array): WitResult<undefined, StreamError> {
    this.#block();
    return this.write(contents);
  }

  /** `flush: func() -> result<_, stream-error>;` */
  flush(): WitResult<undefined, StreamError> {
    return ok(undefined);
  }

  /** `blocking-flush: func() -> result<_, stream-error>;` */
  blockingFlush(): WitResult<undefined, StreamError> {
    this.#block();
    return ok(undefined);
  }

  /** `subscribe: func() -> pollable;` ready when the reader is not too far behind. */
  subscribe(): Pollable {
    return new ConditionPollable(() => this.#room.available() > 0, () => this.#room.wait());
  }

  /** `write-zeroes: func(len: u64) -> result<_, stream-error>;` */
  writeZeroes(len: bigint): WitResult<undefined, StreamError> {
    return this.write(new Uint8Array(Number(len)));
  }

  /** `blocking-write-zeroes-and-flush: func(len: u64) -> result<_, stream-error>;` */
  blockingWriteZeroesAndFlush(len: bigint): WitResult<undefined, StreamError> {
    this.#block();
    return this.writeZeroes(len);
  }

  /** `splice: func(src: borrow<input-stream>, len: u64) -> result<u64, stream-error>;` */
  splice(src: InputStream, len: bigint): WitResult<bigint, StreamError> {
    return this.#spliceFrom(src.read(len));
  }

  /** `blocking-splice: func(src: borrow<input-stream>, len: u64) -> result<u64, stream-error>;` */
  blockingSplice(src: InputStream, len: bigint): WitResult<bigint, StreamError> {
    this.#block();
    return this.#spliceFrom(src.blockingRead(len));
  }

  #block(): void {
    while (this.#room.available() === 0) this.#room.wait();
  }

  #spliceFrom(read: WitResult<Uint8Array, StreamError>): WitResult<bigint, StreamError> {
    if (read.tag === 'err') return read;
    this.#sink(read.val.slice());
    return ok(BigInt(read.val.byteLength));
  }
}

/** The `wasi:io` interfaces, keyed as jco's `instantiate()` looks them up; `poll` blocks on `wait`. */
export function wasiIo(wait: WaitForActivity): Record<string, object> {
  return {
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll: pollWith(wait) },
    'wasi:io/streams': { InputStream, OutputStream },
  };
}
