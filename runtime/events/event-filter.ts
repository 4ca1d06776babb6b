import type { EventFilter, SpinscopeEvent } from '../api/events.js';

/** True when `event` passes every field given in `filter` (an absent filter passes everything). */
export function matchesFilter(event: SpinscopeEvent, filter: EventFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.kinds !== undefined && !filter.kinds.includes(event.kind)) return false;
  if (filter.traceId !== undefined && event.traceId !== filter.traceId) return false;
  if (filter.component !== undefined && !('component' in event && event.component === filter.component)) return false;
  return true;
}
