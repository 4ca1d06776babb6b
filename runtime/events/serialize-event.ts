import type { SpinscopeEvent } from '../api/events.js';

/**
 * One event as a line of JSON, bodies as base64: the format of `--events-out`
 * (docs/events.md, "The schema") and of any bridge that carries events as text.
 */
export function serializeEvent(event: SpinscopeEvent): string {
  return JSON.stringify(event, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value));
}
