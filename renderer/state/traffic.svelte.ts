import type { EventBatch, EventEvictions, SpinscopeApi, Unsubscribe } from '../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { explainNoMatch, type NoMatchExplanation } from '../../runtime/traffic/filter/explain-no-match.js';
import { FilterVocabulary } from '../filter/filter-vocabulary.js';
import { parseFilter } from '../../runtime/traffic/filter/parse-filter.js';
import { ListLayout } from './list-layout.svelte.js';
import { NO_FILTER, isFiltering, type TrafficFilter } from '../../runtime/traffic/row-filter.js';
import { isRequestRow, rowEvents, type BuildRow, type TrafficRow } from '../../runtime/traffic/traffic-row.js';
import { TrafficTree } from '../../runtime/traffic/traffic-tree.js';
import { VisibleRowIndex, type VisibleList } from './visible-rows.js';
import type { TimeAxis } from './waterfall-bar.js';

/** What a {@link TrafficState} is built with besides the API. */
export interface TrafficStateOptions {
  /** The list's columns, sort and split; by default one that stores nothing. */
  readonly layout?: ListLayout;
  /**
   * Runs the callback when the next frame is drawn. Live batches wait for it, so however
   * many arrive between two frames, the page renders once. By default the next animation
   * frame in a page, and at once where there are no frames (tests).
   */
  readonly schedule?: (callback: () => void) => void;
}

/**
 * The inspector's traffic: recorded history merged with live batches, the filter,
 * pause, selection and follow mode. The tree itself is plain data; `revision` is
 * bumped once per frame in which batches arrived, and everything derived reads it.
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

  /** How the list is laid out, its sort included. */
  readonly layout: ListLayout;

  readonly #tree = new TrafficTree();
  readonly #rows = new VisibleRowIndex(this.#tree);
  readonly #schedule: (callback: () => void) => void;
  /** Live batches received since the last frame, applied together in the next. */
  #live: EventBatch[] = [];
  #frameRequested = false;
  /** The eviction counts last heard (a page's or a batch's), shown from the next frame. */
  #counts: EventEvictions = { evicted: 0, evictedBytes: 0 };
  #pending: SpinscopeEvent[] = [];
  /** Traces evicted while paused or loading: dropped from the tree before the pending events are added. */
  #pendingEvictions = new Set<string>();
  #loading = false;
  #unsubscribe: Unsubscribe | undefined;

  /** What the list shows, top to bottom: updated where the batches changed it, rebuilt when the filter or sort changes. */
  readonly visible: VisibleList = $derived.by(() => {
    void this.revision;
    return this.#rows.sync({ filter: this.filter, sort: this.layout.sort, collapsed: this.collapsed });
  });

  /** The time the list's waterfall column spans. */
  readonly timeAxis: TimeAxis = $derived.by(() => {
    void this.revision;
    const first = this.#tree.roots[0]?.time;
    return first === undefined ? { start: 0, end: 0 } : { start: first, end: Math.max(first, this.#tree.latestTime) };
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

  constructor(api: SpinscopeApi, options: TrafficStateOptions = {}) {
    this.#api = api;
    this.layout = options.layout ?? new ListLayout(undefined);
    this.#schedule = options.schedule ?? (typeof requestAnimationFrame === 'function' ? nextFrame : (callback) => callback());
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
        if (this.#change([], page.events) > 0) this.revision++;
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
    this.#live = [];
    this.#pending = [];
    this.#pendingEvictions = new Set();
    this.buffered = 0;
    this.#countEvictions({ evicted: 0, evictedBytes: 0 });
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
    return isFiltering(this.filter) && this.visible.matching === 0 && this.#tree.size > 0 ? explainNoMatch(this.filter, this.#tree.allRows()) : undefined;
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

  /**
   * The events behind every HTTP exchange (`'all'`) or those the filter matches (rows shown
   * only as context are left out), for a HAR export; reloads and builds are left out.
   */
  exportEvents(scope: 'all' | 'visible'): SpinscopeEvent[] {
    const rows = scope === 'visible' ? [...this.visible].filter((visible) => visible.matches).map((visible) => visible.row) : this.#tree.allRows();
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
    this.#counts = batch;
    if (this.#loading || this.paused) {
      if (batch.evictedTraceIds.length > 0) {
        // What waits of an evicted trace came before its eviction: it is gone from the store too.
        const evicted = new Set(batch.evictedTraceIds);
        this.#pending = this.#pending.filter((event) => !evicted.has(event.traceId));
        for (const traceId of evicted) this.#pendingEvictions.add(traceId);
      }
      for (const event of batch.events) this.#pending.push(event);
    } else this.#live.push(batch);
    if (!this.#frameRequested) {
      this.#frameRequested = true;
      this.#schedule(() => this.#frame());
    }
  }

  /** Applies the live batches that arrived since the last frame, each as the runtime sent it (evictions, then events), in one revision. */
  #frame(): void {
    this.#frameRequested = false;
    this.#countEvictions(this.#counts);
    this.buffered = this.#pending.length;
    if (this.#applyLive() > 0) this.revision++;
  }

  #applyLive(): number {
    const live = this.#live;
    this.#live = [];
    let changed = 0;
    for (const batch of live) changed += this.#change(batch.evictedTraceIds, batch.events);
    return changed;
  }

  #countEvictions(counts: EventEvictions): void {
    this.#counts = counts;
    this.evicted = counts.evicted;
    this.evictedBytes = counts.evictedBytes;
  }

  /** Shows what waited (after the live batches that came before it, if their frame has not been drawn yet). */
  #flush(): void {
    const pending = this.#pending;
    const evictions = this.#pendingEvictions;
    this.#pending = [];
    this.#pendingEvictions = new Set();
    this.buffered = 0;
    if (this.#applyLive() + this.#change(evictions, pending) > 0) this.revision++;
  }

  /** Drops the evicted traces' rows, then folds the events in (the order a batch is applied in); returns how many rows and events that changed. */
  #change(evictedTraceIds: Iterable<string>, events: readonly SpinscopeEvent[]): number {
    const removed = this.#tree.removeTraces(evictedTraceIds);
    const added = this.#tree.add(events);
    this.vocabulary.add(events);
    if (removed > 0) this.#forgetRemovedRows();
    return removed + added;
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

/** Calls `callback` with the next animation frame, or after 250 ms in a hidden page, which draws no frames. */
function nextFrame(callback: () => void): void {
  const timer = setTimeout(() => {
    cancelAnimationFrame(frame);
    callback();
  }, 250);
  const frame = requestAnimationFrame(() => {
    clearTimeout(timer);
    callback();
  });
}
