import type { EventBatch, EventEvictions, SpinscopeApi, Unsubscribe } from '../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { explainNoMatch, type NoMatchExplanation } from '../filter/explain-no-match.js';
import { FilterVocabulary } from '../filter/filter-vocabulary.js';
import { parseFilter } from '../filter/parse-filter.js';
import { NO_FILTER, isFiltering, type TrafficFilter } from './row-filter.js';
import { isRequestRow, rowEvents, type BuildRow, type TrafficRow } from './traffic-row.js';
import { TrafficTree } from './traffic-tree.js';
import { visibleRows, type VisibleRow } from './visible-rows.js';

/**
 * The inspector's traffic: recorded history merged with live batches, the filter,
 * pause, selection and follow mode. The tree itself is plain data; `revision` is
 * bumped once per applied batch, and everything derived reads it.
 */
export class TrafficState {
  /** Bumped whenever the tree changes. */
  revision = $state(0);
  /** While paused, live batches wait in a buffer. */
  paused = $state(false);
  /** Events received while paused (or while history loads), not yet shown. */
  buffered = $state(0);
  /** Events the runtime's store has let go (their rows are dropped here too), and what they weighed. */
  evicted = $state(0);
  evictedBytes = $state(0);
  filter: TrafficFilter = $state.raw(NO_FILTER);
  /** The values seen in the session, for the filter's suggestions. */
  readonly vocabulary = new FilterVocabulary();
  /** Rows whose children are hidden; every row starts expanded. */
  collapsed: ReadonlySet<string> = $state.raw(new Set());
  selectedId: string | undefined = $state();
  /** The detail pane shows the selected row. */
  detailOpen = $state(false);
  /** Keep the newest row in view as rows arrive. */
  follow = $state(true);

  readonly #tree = new TrafficTree();
  #pending: SpinscopeEvent[] = [];
  /** Traces evicted while paused or loading: dropped from the tree before the pending events are added. */
  #pendingEvictions = new Set<string>();
  #loading = false;
  #unsubscribe: Unsubscribe | undefined;

  /** What the list shows, top to bottom. */
  readonly visible: readonly VisibleRow[] = $derived.by(() => {
    void this.revision;
    return visibleRows(this.#tree, this.filter, this.collapsed);
  });

  /** How many rows there are before filtering. */
  readonly total: number = $derived.by(() => {
    void this.revision;
    return this.#tree.size;
  });

  /** The selected row, in its current version. */
  readonly selected: TrafficRow | undefined = $derived.by(() => {
    void this.revision;
    return this.selectedId === undefined ? undefined : this.#tree.get(this.selectedId);
  });

  /** Every row of the selected row's trace, depth first. */
  readonly selectedTrace: readonly TrafficRow[] = $derived.by(() => {
    void this.revision;
    return this.selected ? this.#tree.trace(this.selected.traceId) : [];
  });

  readonly #api: SpinscopeApi;

  constructor(api: SpinscopeApi) {
    this.#api = api;
  }

  /**
   * Subscribes to live events, then loads history a page at a time; ids seen in both are
   * kept once, and traces evicted meanwhile are dropped.
   */
  async connect(): Promise<void> {
    this.#loading = true;
    this.#unsubscribe = this.#api.onEvents((batch) => this.#receive(batch));
    try {
      let after: string | undefined;
      do {
        const page = await this.#api.events(undefined, after === undefined ? {} : { after });
        this.#countEvictions(page);
        this.#apply([], page.events);
        after = page.next;
      } while (after !== undefined);
    } finally {
      this.#loading = false;
      if (!this.paused) this.#flush();
    }
  }

  /** Stops listening. */
  disconnect(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Pauses or resumes the live view; resuming shows what arrived meanwhile. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.#flush();
  }

  /** Forgets every event, here and in the runtime. */
  async clear(): Promise<void> {
    await this.#api.clearEvents();
    this.#tree.clear();
    this.#pending = [];
    this.#pendingEvictions = new Set();
    this.buffered = 0;
    this.evicted = 0;
    this.evictedBytes = 0;
    this.selectedId = undefined;
    this.detailOpen = false;
    this.collapsed = new Set();
    this.vocabulary.clear();
    this.revision++;
  }

  /** Filters the list by a query (see renderer/filter/), parsed once here. */
  setFilter(text: string): void {
    if (text !== this.filter.text) this.filter = parseFilter(text);
  }

  /** Why the filter shows none of the rows there are; undefined when it shows some or does not filter. A pass over every row, so callers pace it. */
  explainNoMatch(): NoMatchExplanation | undefined {
    return isFiltering(this.filter) && this.visible.length === 0 && this.#tree.size > 0 ? explainNoMatch(this.filter, this.#tree.allRows()) : undefined;
  }

  /** Selects a row (or nothing). */
  select(id: string | undefined): void {
    this.selectedId = id;
  }

  /** Selects a row and shows it in the detail pane. */
  openDetail(id: string): void {
    this.selectedId = id;
    this.detailOpen = true;
  }

  /** Hides the detail pane; the selection stays. */
  closeDetail(): void {
    this.detailOpen = false;
  }

  /** The events behind every HTTP exchange (`'all'`) or those the filter shows, for a HAR export; reloads and builds are left out. */
  exportEvents(scope: 'all' | 'visible'): SpinscopeEvent[] {
    const rows = scope === 'visible' ? this.visible.map((visible) => visible.row) : this.#tree.allRows();
    return rows.filter(isRequestRow).flatMap(rowEvents);
  }

  /** Every row of trace `traceId`, depth first; none when it is not (or no longer) held. */
  traceRows(traceId: string): readonly TrafficRow[] {
    void this.revision;
    return this.#tree.trace(traceId);
  }

  /** The newest build of `component` still recorded, in its current version. */
  latestBuild(component: string): BuildRow | undefined {
    void this.revision;
    const roots = this.#tree.roots;
    for (let index = roots.length - 1; index >= 0; index--) {
      const row = roots[index];
      if (row?.kind === 'build' && row.component === component) return row;
    }
    return undefined;
  }

  /** Opens or closes a row's children. */
  setExpanded(id: string, expanded: boolean): void {
    if (expanded === !this.collapsed.has(id)) return;
    const next = new Set(this.collapsed);
    if (expanded) next.delete(id);
    else next.add(id);
    this.collapsed = next;
  }

  #receive(batch: EventBatch): void {
    this.#countEvictions(batch);
    if (this.#loading || this.paused) {
      if (batch.evictedTraceIds.length > 0) {
        // What waits of an evicted trace came before its eviction: it is gone from the store too.
        const evicted = new Set(batch.evictedTraceIds);
        this.#pending = this.#pending.filter((event) => !evicted.has(event.traceId));
        for (const traceId of evicted) this.#pendingEvictions.add(traceId);
      }
      for (const event of batch.events) this.#pending.push(event);
      this.buffered = this.#pending.length;
    } else this.#apply(batch.evictedTraceIds, batch.events);
  }

  #countEvictions(counts: EventEvictions): void {
    this.evicted = counts.evicted;
    this.evictedBytes = counts.evictedBytes;
  }

  #flush(): void {
    const pending = this.#pending;
    const evictions = this.#pendingEvictions;
    this.#pending = [];
    this.#pendingEvictions = new Set();
    this.buffered = 0;
    this.#apply(evictions, pending);
  }

  /** Drops the evicted traces' rows, then folds the events in (the order a batch is applied in). */
  #apply(evictedTraceIds: Iterable<string>, events: readonly SpinscopeEvent[]): void {
    const removed = this.#tree.removeTraces(evictedTraceIds);
    const added = this.#tree.add(events);
    this.vocabulary.add(events);
    if (removed > 0) this.#forgetRemovedRows();
    if (removed + added > 0) this.revision++;
  }

  /** An evicted row can no longer be selected or collapsed. */
  #forgetRemovedRows(): void {
    if (this.selectedId !== undefined && this.#tree.get(this.selectedId) === undefined) {
      this.selectedId = undefined;
      this.detailOpen = false;
    }
    if (this.collapsed.size > 0) this.collapsed = new Set([...this.collapsed].filter((id) => this.#tree.get(id) !== undefined));
  }
}
