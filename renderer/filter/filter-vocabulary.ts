import type { SpinscopeEvent } from '../../runtime/api/events.js';
import type { SeenValues } from '../../runtime/traffic/filter/filter-keys.js';

/** How many values of each sort are kept: enough to pick from, bounded however many hosts an app calls. */
export const VOCABULARY_LIMIT = 200;

/**
 * The values seen in the session that the filter's suggestions offer: components,
 * methods, hosts, statuses, header names and the outbound rules that acted. Fed each batch of events as it arrives, so
 * the cost is O(batch); values stay when their rows are evicted.
 */
export class FilterVocabulary {
  readonly #values: Record<SeenValues, Set<string>> = { components: new Set(), methods: new Set(), hosts: new Set(), statuses: new Set(), headers: new Set(), rules: new Set() };

  /** Notes the values in `events`. */
  add(events: readonly SpinscopeEvent[]): void {
    for (const event of events) {
      if ('component' in event && typeof event.component === 'string') this.#note('components', event.component);
      if ('rule' in event && event.rule !== undefined) this.#note('rules', event.rule.name);
      switch (event.kind) {
        case 'inbound.request':
          this.#note('methods', event.method);
          this.#noteHeaders(event.headers);
          this.#note('hosts', event.headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? '');
          break;
        case 'outbound.request':
          this.#note('methods', event.method);
          this.#noteHeaders(event.headers);
          this.#note('hosts', URL.parse(event.url)?.host ?? '');
          break;
        case 'inbound.response':
        case 'outbound.response':
          this.#note('statuses', String(event.status));
          this.#noteHeaders(event.headers);
          break;
      }
    }
  }

  /** The values of one sort, in the order first seen. */
  values(sort: SeenValues): readonly string[] {
    return [...this.#values[sort]];
  }

  /** Forgets every value (the traffic was cleared). */
  clear(): void {
    for (const set of Object.values(this.#values)) set.clear();
  }

  #noteHeaders(headers: readonly (readonly [string, string])[]): void {
    for (const [name] of headers) this.#note('headers', name.toLowerCase());
  }

  #note(sort: SeenValues, value: string): void {
    const set = this.#values[sort];
    if (value !== '' && set.size < VOCABULARY_LIMIT) set.add(value);
  }
}
