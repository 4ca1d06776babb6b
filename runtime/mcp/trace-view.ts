import type { SpinscopeEvent } from '../api/events.js';
import { bodyView, isCapturedBody } from './body-view.js';

/**
 * `event` as plain JSON for an agent: every recorded body replaced by its {@link bodyView},
 * any other bytes (a SQLite blob) by `{ base64 }`.
 */
export function traceEventView(event: SpinscopeEvent, maxBodyBytes: number): Record<string, unknown> {
  return plain(event, maxBodyBytes) as Record<string, unknown>;
}

/** `event` in two lines: its kind, time and ids, then its other fields as JSON. */
export function traceEventLines(event: SpinscopeEvent, maxBodyBytes: number): string[] {
  const { kind, id, time, traceId: _traceId, parentId, ...fields } = traceEventView(event, maxBodyBytes);
  const parent = parentId === undefined ? '' : ` parent=${String(parentId)}`;
  return [`- ${String(kind)} ${new Date(time as number).toISOString()} id=${String(id)}${parent}`, `  ${JSON.stringify(fields)}`];
}

function plain(value: unknown, maxBodyBytes: number): unknown {
  if (isCapturedBody(value)) return bodyView(value, maxBodyBytes);
  if (value instanceof Uint8Array) return { base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map((item) => plain(item, maxBodyBytes));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, plain(field, maxBodyBytes)]));
}
