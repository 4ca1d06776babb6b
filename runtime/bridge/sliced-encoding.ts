import type { ServerMessage } from '../api/bridge-protocol.js';

/** How {@link encodeInSlices} paces itself. */
export interface SliceOptions {
  /** Yield to the event loop once this much work has gone by. */
  readonly sliceMs: number;
  /** Hand the text on in pieces of about this many characters (a whole item may make a piece longer). */
  readonly pieceChars: number;
  /** Receives each piece, in order. */
  readonly onPiece: (piece: string) => void;
}

/**
 * Encodes `message` exactly as `encodeMessage` does (a JSON text frame, bytes as
 * `{ "$bytes": "<base64>" }`), handed on in pieces and yielding to the event loop
 * whenever `sliceMs` of work has gone by: the bridge shares its thread with the app's
 * requests, and a page of events takes tens of milliseconds to encode and to send.
 * Arrays are encoded an item at a time, so a slice overruns by at most one event.
 */
export async function encodeInSlices(message: ServerMessage, options: SliceOptions): Promise<void> {
  const writer = new SlicedWriter(options);
  await encodeValue(message, writer);
  writer.end();
}

class SlicedWriter {
  readonly #options: SliceOptions;
  #parts: string[] = [];
  #length = 0;
  #sliceStart = performance.now();

  constructor(options: SliceOptions) {
    this.#options = options;
  }

  write(text: string): void {
    this.#parts.push(text);
    this.#length += text.length;
  }

  /** Hands a piece on once enough is written, and yields once the slice is used up. */
  async checkpoint(): Promise<void> {
    if (this.#length >= this.#options.pieceChars) this.#hand();
    if (performance.now() - this.#sliceStart < this.#options.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#sliceStart = performance.now();
  }

  end(): void {
    this.#hand();
  }

  #hand(): void {
    const piece = this.#parts.join('');
    this.#parts = [];
    this.#length = 0;
    this.#options.onPiece(piece);
  }
}

async function encodeValue(value: unknown, writer: SlicedWriter): Promise<void> {
  if (Array.isArray(value)) {
    writer.write('[');
    for (let index = 0; index < value.length; index++) {
      writer.write(`${index === 0 ? '' : ','}${encodeWhole(value[index]) ?? 'null'}`);
      await writer.checkpoint();
    }
    writer.write(']');
    return;
  }
  if (!isPlainObject(value)) {
    writer.write(encodeWhole(value) ?? 'null');
    return;
  }
  writer.write('{');
  let first = true;
  for (const [key, field] of Object.entries(value)) {
    const nested = Array.isArray(field) || isPlainObject(field);
    const encoded = nested ? '' : encodeWhole(field);
    // JSON.stringify leaves out a field it cannot encode (undefined, a function).
    if (encoded === undefined) continue;
    writer.write(`${first ? '' : ','}${JSON.stringify(key)}:${encoded}`);
    first = false;
    if (nested) await encodeValue(field, writer);
  }
  writer.write('}');
}

function encodeWhole(value: unknown): string | undefined {
  return JSON.stringify(value, bytesAsBase64) as string | undefined;
}

// Buffer's base64 is ~300x faster than the btoa the browser half of the codec must use.
function bytesAsBase64(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') } : value;
}

/** An object JSON.stringify would walk field by field (no bytes, no `toJSON`). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
