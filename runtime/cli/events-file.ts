import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors/spinscope-error.js';

/** How long after a failed write the file is tried again; lines in between are counted, not kept. */
const RETRY_MS = 1_000;
const NEWLINE = 0x0a;

/** Told once when writing fails, once when it works again, and at close if it never did. */
export type EventsFileWarning = (message: string, error?: NodeJS.ErrnoException) => void;

/**
 * The `--events-out` file: JSON lines appended in order, whatever the file does. A write
 * that fails (a full disk, a device gone) is reported once; the app keeps serving, lines
 * are counted rather than written, and every second the next line tries the file again,
 * reopened for appending, so writing resumes once it can, saying how many lines it missed.
 * The file only ever holds whole lines.
 */
export class EventsFile {
  readonly file: string;
  readonly #warn: EventsFileWarning;
  #handle: FileHandle | undefined;
  /** Bytes in the file up to the end of the last whole line written. */
  #size = 0;
  #pending: string[] = [];
  #writing = false;
  #written: Promise<void> = Promise.resolve();
  /** When the last write failed; undefined while writing works. */
  #failedAt: number | undefined;
  #failure: NodeJS.ErrnoException | undefined;
  #lost = 0;

  private constructor(file: string, handle: FileHandle, warn: EventsFileWarning) {
    this.file = file;
    this.#handle = handle;
    this.#warn = warn;
  }

  /**
   * Creates or empties `file`, refusing at once a path that cannot be written: a missing
   * directory, a directory, no permission.
   * @throws {UsageError} saying why and what to do.
   */
  static async open(file: string, warn: EventsFileWarning): Promise<EventsFile> {
    try {
      return new EventsFile(file, await open(file, 'w'), warn);
    } catch (error) {
      throw new UsageError(`--events-out ${file}: ${openFailure(error as NodeJS.ErrnoException, file)}`, { cause: error });
    }
  }

  /** Queues `line` (ending in a newline) for the file; never blocks, never throws. */
  append(line: string): void {
    if (this.#failedAt !== undefined && Date.now() - this.#failedAt < RETRY_MS) {
      this.#lost++;
      return;
    }
    this.#pending.push(line);
    if (!this.#writing) this.#written = this.#writeAll();
  }

  /** Waits for queued lines, says what was lost if the file still fails, and closes it. */
  async close(): Promise<void> {
    await this.#written;
    if (this.#failure !== undefined) this.#warn(`${count(this.#lost)} not written to ${this.file}: ${describe(this.#failure)}`, this.#failure);
    try {
      await this.#handle?.close();
    } catch (error) {
      this.#warn(`could not close ${this.file}: ${describe(error as NodeJS.ErrnoException)}; its last events may be missing`, error as NodeJS.ErrnoException);
    }
  }

  async #writeAll(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#pending.length > 0) await this.#write(this.#pending.splice(0));
    } finally {
      this.#writing = false;
    }
  }

  async #write(lines: readonly string[]): Promise<void> {
    const chunk = Buffer.from(lines.join(''));
    let written = 0;
    try {
      this.#handle ??= await this.#reopen();
      while (written < chunk.length) written += (await this.#handle.write(chunk, written)).bytesWritten;
    } catch (error) {
      await this.#failed(error as NodeJS.ErrnoException, chunk, written);
      return;
    }
    this.#size += chunk.length;
    if (this.#failure !== undefined) this.#resumed();
  }

  async #reopen(): Promise<FileHandle> {
    const handle = await open(this.file, 'a');
    this.#size = (await handle.stat()).size;
    return handle;
  }

  async #failed(error: NodeJS.ErrnoException, chunk: Buffer, written: number): Promise<void> {
    const whole = written === 0 ? 0 : chunk.lastIndexOf(NEWLINE, written - 1) + 1;
    let cut = '';
    if (written > whole) {
      // A full disk can take part of a line: cut the file back to its last whole line.
      try {
        await this.#handle?.truncate(this.#size + whole);
      } catch {
        cut = ' (its last line is cut short)';
      }
    }
    this.#size += whole;
    this.#lost += countLines(chunk.subarray(whole)) + this.#pending.splice(0).length;
    // The descriptor may be what failed (a device gone): the retry opens the file afresh.
    // Closing it can fail the same way, which adds nothing to the error reported below.
    await this.#handle?.close().catch(() => undefined);
    this.#handle = undefined;
    this.#failedAt = Date.now();
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#warn(
      `cannot write events to ${this.file}: ${describe(error)}${cut}. The app keeps serving; events are counted, not written, ` +
        'and the file is tried again every second until writing works.',
      error,
    );
  }

  #resumed(): void {
    const lost = this.#lost;
    this.#failure = undefined;
    this.#failedAt = undefined;
    this.#lost = 0;
    this.#warn(`writing events to ${this.file} again; ${count(lost)} not written while it failed`);
  }
}

function openFailure(error: NodeJS.ErrnoException, file: string): string {
  switch (error.code) {
    case 'ENOENT':
      return `directory ${dirname(file)} does not exist; create it, or choose another path`;
    case 'ENOTDIR':
      return `part of ${dirname(file)} is a file, not a directory; choose another path`;
    case 'EISDIR':
      return `this is a directory; name a file in it instead, e.g. ${join(file, 'events.jsonl')}`;
    default:
      return `cannot write there: ${describe(error)}; choose a path you can write to`;
  }
}

/** `no space left on device (ENOSPC)`: Node's message without its syscall and path. */
function describe(error: NodeJS.ErrnoException): string {
  if (error.code === undefined) return error.message;
  const reason = error.message.replace(/^[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '');
  return `${reason} (${error.code})`;
}

function count(lines: number): string {
  return `${lines} ${lines === 1 ? 'event was' : 'events were'}`;
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let index = bytes.indexOf(NEWLINE); index !== -1; index = bytes.indexOf(NEWLINE, index + 1)) lines++;
  return lines;
}
