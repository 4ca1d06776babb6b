/**
 * The WebSocket wire protocol of `spinscope ui`: how a browser calls `SpinscopeApi`
 * methods and receives its live events. The bridge and the renderer's WebSocket
 * client share these types and the codec below; the socket lives at {@link BRIDGE_PATH}
 * on the same 127.0.0.1 origin that serves the renderer.
 *
 * Messages are JSON text frames. `Uint8Array`s (captured bodies) are encoded as
 * `{ "$bytes": "<base64>" }` so events survive the trip unchanged.
 */

import type { AppProblem, AppStatus, BrowserCallMethod, EventBatch, PushTopic } from './contract.js';

/** The path of the WebSocket endpoint. */
export const BRIDGE_PATH = '/api';

/**
 * The query parameter carrying the bridge's token: in the address `spinscope ui` prints
 * (`/?token=...`) and on every request to {@link BRIDGE_PATH}, which is refused (401) without it.
 */
export const TOKEN_PARAMETER = 'token';

/** Browser -> bridge. */
export type ClientMessage =
  /** Calls a request/response method; answered by a `result` or `error` with the same id. */
  | { readonly type: 'call'; readonly id: number; readonly method: BrowserCallMethod; readonly args: readonly unknown[] }
  /** Starts (or stops) pushing a topic to this connection. */
  | { readonly type: 'subscribe' | 'unsubscribe'; readonly topic: PushTopic };

/** Bridge -> browser. */
export type ServerMessage =
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'error'; readonly id: number; readonly error: AppProblem }
  | { readonly type: 'events'; readonly batch: EventBatch }
  | { readonly type: 'status'; readonly status: AppStatus };

/** Encodes a message as a JSON text frame, turning byte arrays into `{ $bytes }`. */
export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $bytes: bytesToBase64(value) } : value,
  );
}

/** Decodes a JSON text frame, restoring `{ $bytes }` to `Uint8Array`s. Validation is the receiver's job. */
export function decodeMessage(text: string): unknown {
  // A walk over the parsed value rather than a reviver: V8 calls a reviver for every
  // value, strings and numbers too, which made decoding a large batch 3x slower.
  return restoreBytes(JSON.parse(text));
}

/** `value` with each `{ $bytes }` within it replaced by its bytes, in place. */
function restoreBytes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isEncodedBytes(value)) return base64ToBytes(value.$bytes);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (typeof child !== 'object' || child === null) continue;
    const restored = restoreBytes(child);
    // Defined, not assigned: a key named `__proto__` stays a plain property, as JSON.parse made it.
    if (restored !== child) Object.defineProperty(record, key, { value: restored, writable: true, enumerable: true, configurable: true });
  }
  return value;
}

function isEncodedBytes(value: unknown): value is { $bytes: string } {
  return typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string' && Object.keys(value).length === 1;
}

// btoa/atob exist in browsers and in Node >= 16, so both ends share this code.
function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
