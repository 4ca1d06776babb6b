import type { ServerMessage } from '../api/bridge-protocol.js';

/**
 * Encodes `message` exactly as `encodeMessage` does (a JSON text frame, bytes as
 * `{ "$bytes": "<base64>" }`), yielding to the event loop whenever `sliceMs` of work has
 * gone by: the bridge shares its thread with the app's requests, and one page of events
 * can take tens of milliseconds to encode. Arrays are encoded an item at a time, so a
 * slice is never longer than one event.
 */
export async function encodeInSlices(message: ServerMessage, sliceMs: number): Promise<string> {
  const clock = { start: performance.now(), sliceMs };
  return (await encodeValue(message, clock)) ?? 'null';
}

interface Clock {
  start: number;
  readonly sliceMs: number;
}

async function encodeValue(value: unknown, clock: Clock): Promise<string | undefined> {
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      items.push(encodeWhole(item) ?? 'null');
      if (performance.now() - clock.start >= clock.sliceMs) await nextSlice(clock);
    }
    return `[${items.join(',')}]`;
  }
  if (!isPlainObject(value)) return encodeWhole(value);
  const fields: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const encoded = await encodeValue(field, clock);
    if (encoded !== undefined) fields.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${fields.join(',')}}`;
}

async function nextSlice(clock: Clock): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  clock.start = performance.now();
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
