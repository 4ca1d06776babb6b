import type { SpinscopeEvent } from '../api/events.js';
import { isDenialRow, isRowOpenEvent, isRowUpdateEvent, openRow, updateRow, type RowUpdateEvent, type TrafficRow } from './traffic-row.js';

/**
 * The traffic folded into a tree of rows: inbound requests at the root, their outbound
 * calls and other host calls (key-value, SQLite...) beneath, a chained component's
 * inbound request beneath the call that chained to it; reloads and builds are root rows of their own, a build's output folded into
 * its row. Events may arrive in any order and more than once (history and live overlap):
 * duplicates are dropped by id, an update waits for its row, and a row whose parent
 * is not known yet stands at the root until the parent arrives.
 *
 * Plain TypeScript on purpose: adding a batch costs O(batch), and the reactive state
 * bumps one revision per batch instead of tracking 100,000 rows.
 */
export class TrafficTree {
  readonly #rows = new Map<string, TrafficRow>();
  readonly #children = new Map<string, TrafficRow[]>();
  readonly #seen = new Set<string>();
  /** Trace id -> ids of its events seen, to forget them with the trace. */
  readonly #seenByTrace = new Map<string, string[]>();
  readonly #waitingUpdates = new Map<string, RowUpdateEvent[]>();
  /** Parent id -> rows standing at the root until that parent arrives. */
  readonly #waitingChildren = new Map<string, TrafficRow[]>();
  /** Row id -> how many denied rows are in its subtree, itself included. */
  readonly #denials = new Map<string, number>();
  /** Row id -> the order it opened in, which breaks ties between rows of the same time. */
  readonly #sequence = new Map<string, number>();
  #nextSequence = 0;
  /** Trace id -> ids of its root rows (one, plus any row still waiting for its parent). */
  readonly #rootsByTrace = new Map<string, Set<string>>();
  /**
   * Ids of root rows (current or former) whose subtree changed since {@link takeChangedRoots};
   * undefined once that would outgrow the tree (nobody took them for long): everything changed.
   */
  #changedRoots: Set<string> | undefined = new Set<string>();
  #latestTime = Number.NEGATIVE_INFINITY;
  #roots: TrafficRow[] = [];

  /** Root rows, oldest first. */
  get roots(): readonly TrafficRow[] {
    return this.#roots;
  }

  /** How many rows there are. */
  get size(): number {
    return this.#rows.size;
  }

  /** The current version of a row. */
  get(id: string): TrafficRow | undefined {
    return this.#rows.get(id);
  }

  /** A row's children, oldest first. */
  childrenOf(id: string): readonly TrafficRow[] {
    return this.#children.get(id) ?? [];
  }

  /** The root row `id` hangs from (itself for a root). */
  rootOf(id: string): TrafficRow | undefined {
    let row = this.#rows.get(id);
    for (let parent = parentOf(row, this.#rows); parent !== undefined; parent = parentOf(row, this.#rows)) row = parent;
    return row;
  }

  /** The order rows of the same time opened in: roots are in (time, sequence) order, and so is each child list. */
  sequenceOf(id: string): number {
    return this.#sequence.get(id) ?? Number.POSITIVE_INFINITY;
  }

  /** The latest time of any event folded in (the live end of the session's time axis). */
  get latestTime(): number {
    return this.#latestTime;
  }

  /**
   * The ids of the root rows whose subtree changed (a row opened, updated or adopted
   * beneath them, or they were removed or stopped being roots) since the last call, or
   * `'all'` when they were too many to keep track of (evicted roots would pile up).
   */
  takeChangedRoots(): ReadonlySet<string> | 'all' {
    const changed = this.#changedRoots;
    this.#changedRoots = new Set();
    return changed ?? 'all';
  }

  /** How many denied rows are beneath `id` or are `id`. */
  denialsWithin(id: string): number {
    return this.#denials.get(id) ?? 0;
  }

  /** Every row under `roots` (by default all of them), depth first. */
  allRows(roots: readonly TrafficRow[] = this.#roots): TrafficRow[] {
    const rows: TrafficRow[] = [];
    const visit = (row: TrafficRow): void => {
      rows.push(row);
      for (const child of this.childrenOf(row.id)) visit(child);
    };
    for (const root of roots) visit(root);
    return rows;
  }

  /** Every row of the trace `traceId`, depth first from its root(s). */
  trace(traceId: string): TrafficRow[] {
    return this.allRows(this.#rootsOf(traceId));
  }

  /** Folds `events` in; returns how many were new. */
  add(events: readonly SpinscopeEvent[]): number {
    let added = 0;
    for (const event of events) {
      if (this.#seen.has(event.id)) continue;
      this.#seen.add(event.id);
      if (event.time > this.#latestTime) this.#latestTime = event.time;
      const traceIds = this.#seenByTrace.get(event.traceId);
      if (traceIds === undefined) this.#seenByTrace.set(event.traceId, [event.id]);
      else traceIds.push(event.id);
      added++;
      if (isRowOpenEvent(event)) this.#open(openRow(event));
      else if (isRowUpdateEvent(event)) this.#update(event);
    }
    return added;
  }

  /**
   * Forgets every row and waiting event of the traces `traceIds` (the runtime evicted
   * them), so a later event of one starts it again; returns how many rows went.
   */
  removeTraces(traceIds: Iterable<string>): number {
    const gone = new Set(traceIds);
    if (gone.size === 0) return 0;
    // A trace's rows hang from its own root rows (chained calls share their trace), orphans included.
    const roots = [...gone].flatMap((traceId) => this.#rootsOf(traceId));
    const rows = this.allRows(roots);
    if (roots.length > 0) this.#roots = withoutRows(this.#roots, new Set(roots.map((root) => root.id)));
    for (const root of roots) this.#changed(root.id);
    for (const row of rows) {
      this.#rows.delete(row.id);
      this.#children.delete(row.id);
      this.#denials.delete(row.id);
      this.#sequence.delete(row.id);
    }
    for (const traceId of gone) {
      for (const id of this.#seenByTrace.get(traceId) ?? []) this.#seen.delete(id);
      this.#seenByTrace.delete(traceId);
      this.#rootsByTrace.delete(traceId);
    }
    if (this.#waitingUpdates.size > 0) for (const [parentId, updates] of this.#waitingUpdates) if (gone.has(updates[0]?.traceId ?? '')) this.#waitingUpdates.delete(parentId);
    if (this.#waitingChildren.size > 0) for (const [parentId, orphans] of this.#waitingChildren) if (gone.has(orphans[0]?.traceId ?? '')) this.#waitingChildren.delete(parentId);
    return rows.length;
  }

  /** Forgets every row. */
  clear(): void {
    for (const map of [this.#rows, this.#children, this.#waitingUpdates, this.#waitingChildren, this.#denials, this.#seenByTrace, this.#sequence, this.#rootsByTrace]) map.clear();
    this.#seen.clear();
    this.#changedRoots = undefined;
    this.#roots = [];
    this.#latestTime = Number.NEGATIVE_INFINITY;
  }

  #open(row: TrafficRow): void {
    this.#rows.set(row.id, row);
    this.#sequence.set(row.id, this.#nextSequence++);
    const parent = row.parentId === undefined ? undefined : this.#rows.get(row.parentId);
    if (parent) insertByTime(this.#childList(parent.id), row);
    else {
      insertByTime(this.#roots, row);
      this.#addRootOf(row);
      if (row.parentId !== undefined) this.#waitFor(row.parentId, row);
    }
    this.#touch(row.id);
    if (isDenialRow(row)) this.#addDenials(row.id, 1);
    this.#adoptWaitingChildren(row);
    const updates = this.#waitingUpdates.get(row.id);
    this.#waitingUpdates.delete(row.id);
    for (const update of updates ?? []) this.#update(update);
  }

  #update(event: RowUpdateEvent): void {
    const parentId = event.parentId;
    if (parentId === undefined) return;
    const row = this.#rows.get(parentId);
    if (!row) {
      const waiting = this.#waitingUpdates.get(parentId) ?? [];
      waiting.push(event);
      this.#waitingUpdates.set(parentId, waiting);
      return;
    }
    const updated = updateRow(row, event);
    if (updated === row) return;
    this.#replace(row, updated);
    this.#touch(updated.id);
    if (isDenialRow(updated) && !isDenialRow(row)) this.#addDenials(updated.id, 1);
  }

  #replace(old: TrafficRow, updated: TrafficRow): void {
    this.#rows.set(updated.id, updated);
    const siblings = this.#isRoot(old) ? this.#roots : this.#childList(old.parentId ?? '');
    const index = siblings.lastIndexOf(old);
    if (index >= 0) siblings[index] = updated;
  }

  #isRoot(row: TrafficRow): boolean {
    return row.parentId === undefined || !this.#rows.has(row.parentId) || !this.#childList(row.parentId).includes(row);
  }

  #adoptWaitingChildren(parent: TrafficRow): void {
    const orphans = this.#waitingChildren.get(parent.id);
    if (!orphans) return;
    this.#waitingChildren.delete(parent.id);
    const adopted = orphans.map((orphan) => this.#rows.get(orphan.id) ?? orphan);
    this.#roots = withoutRows(this.#roots, new Set(adopted.map((row) => row.id)));
    const children = this.#childList(parent.id);
    for (const child of adopted) {
      this.#rootsByTrace.get(child.traceId)?.delete(child.id);
      this.#changed(child.id);
      insertByTime(children, child);
      this.#addDenials(parent.id, this.denialsWithin(child.id));
    }
  }

  #waitFor(parentId: string, row: TrafficRow): void {
    const waiting = this.#waitingChildren.get(parentId) ?? [];
    waiting.push(row);
    this.#waitingChildren.set(parentId, waiting);
  }

  /** Adds `count` denials to row `id` and every row above it. */
  #addDenials(id: string, count: number): void {
    let current = this.#rows.get(id);
    while (current && count > 0) {
      this.#denials.set(current.id, (this.#denials.get(current.id) ?? 0) + count);
      current = current.parentId === undefined ? undefined : this.#rows.get(current.parentId);
    }
  }

  /** Notes that the subtree of `id`'s root changed. */
  #touch(id: string): void {
    const root = this.rootOf(id);
    if (root !== undefined) this.#changed(root.id);
  }

  #changed(rootId: string): void {
    this.#changedRoots?.add(rootId);
    if (this.#changedRoots !== undefined && this.#changedRoots.size > Math.max(1024, 2 * this.#roots.length)) this.#changedRoots = undefined;
  }

  #addRootOf(row: TrafficRow): void {
    const roots = this.#rootsByTrace.get(row.traceId);
    if (roots === undefined) this.#rootsByTrace.set(row.traceId, new Set([row.id]));
    else roots.add(row.id);
  }

  /** The root rows of trace `traceId`, in root order. */
  #rootsOf(traceId: string): TrafficRow[] {
    const ids = this.#rootsByTrace.get(traceId);
    if (ids === undefined) return [];
    const roots = [...ids].map((id) => this.#rows.get(id)).filter((row) => row !== undefined);
    return roots.length < 2 ? roots : roots.sort((a, b) => a.time - b.time || this.sequenceOf(a.id) - this.sequenceOf(b.id));
  }

  #childList(id: string): TrafficRow[] {
    let children = this.#children.get(id);
    if (!children) {
      children = [];
      this.#children.set(id, children);
    }
    return children;
  }
}

/** The row `row` hangs from, if it is not a root. */
function parentOf(row: TrafficRow | undefined, rows: ReadonlyMap<string, TrafficRow>): TrafficRow | undefined {
  return row?.parentId === undefined ? undefined : rows.get(row.parentId);
}

/**
 * `rows` without `gone`, in one pass; the oldest rows (evicted first) are usually a
 * prefix, which is cut off without looking at the rest.
 */
function withoutRows(rows: TrafficRow[], gone: ReadonlySet<string>): TrafficRow[] {
  let prefix = 0;
  while (prefix < rows.length && gone.has((rows[prefix] as TrafficRow).id)) prefix++;
  if (prefix === gone.size) return prefix === 0 ? rows : rows.slice(prefix);
  return rows.filter((row) => !gone.has(row.id));
}

/** Appends `row`, or inserts it in time order when it is older than the last one (rare). */
function insertByTime(rows: TrafficRow[], row: TrafficRow): void {
  let index = rows.length;
  while (index > 0 && (rows[index - 1] as TrafficRow).time > row.time) index--;
  rows.splice(index, 0, row);
}
