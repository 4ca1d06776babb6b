import { compileFilter, isFiltering, type TrafficFilter } from '../../runtime/traffic/row-filter.js';
import { compareRoots, TIME_ORDER, type RootKey, type RowSort } from './row-sort.js';
import { isDenialRow, type TrafficRow } from '../../runtime/traffic/traffic-row.js';
import type { TrafficTree } from '../../runtime/traffic/traffic-tree.js';

/** A row as the list draws it: where it sits in the tree and whether it is open. */
export interface VisibleRow {
  readonly row: TrafficRow;
  readonly depth: number;
  /** Children the list shows beneath it when it is open (those the filter leaves, when filtering). */
  readonly childCount: number;
  readonly expanded: boolean;
  /** False for a row shown only because rows beneath it match the filter: context, drawn dimmed. */
  readonly matches: boolean;
  /** Denied rows beneath it that the list does not show, folded away or filtered out. */
  readonly hiddenDenials: number;
}

/** What decides which rows the list shows, and in which order. */
export interface ListView {
  readonly filter: TrafficFilter;
  readonly sort: RowSort;
  /** Rows whose children are hidden. */
  readonly collapsed: ReadonlySet<string>;
}

/** The rows the list shows, top to bottom, as of one revision of the traffic (read it before the next). */
export interface VisibleList extends Iterable<VisibleRow> {
  readonly length: number;
  /** The rows the filter matches; the others are shown as context for them. */
  readonly matching: number;
  at(index: number): VisibleRow | undefined;
  slice(start: number, end: number): VisibleRow[];
  findIndex(predicate: (visible: VisibleRow) => boolean): number;
  map<T>(transform: (visible: VisibleRow) => T): T[];
}

/** A visible row and the root it hangs from, so a block of rows is found by its root. */
interface PlacedRow extends VisibleRow {
  readonly root: RootKey;
}

/**
 * The rows the list shows, kept up to date with the tree at O(changed traces) per batch.
 *
 * The list is a sequence of blocks, one per root row: the root, then its subtree depth
 * first (children in time order), collapsed rows' subtrees left out. Without a filter
 * every row shows; with one, the matching rows show within their tree, with the rows
 * above them kept as (dimmed) context. Blocks are ordered by the sort, which orders
 * root rows only.
 *
 * A batch changes a few roots' subtrees (`TrafficTree.takeChangedRoots`): their old
 * blocks are found by binary search (the list is sorted by the root rows they were
 * built from) and cut out, and their new blocks are merged in where the sort puts
 * them. New traffic lands at the end in time order, so a batch costs what it adds;
 * only a new filter or sort (or a change too large to track) rebuilds every block.
 */
export class VisibleRowIndex {
  readonly #tree: TrafficTree;
  #rows: PlacedRow[] = [];
  #matching = 0;
  /** Root id -> the key its block was built from (and is sorted by). */
  readonly #blocks = new Map<string, RootKey>();
  #view: ListView | undefined;
  #filtering = false;
  #matches: (row: TrafficRow) => boolean = () => true;
  #compare: (a: RootKey, b: RootKey) => number = () => 0;

  constructor(tree: TrafficTree) {
    this.#tree = tree;
  }

  /**
   * The rows `view` shows of the tree as it is now: rebuilt for a new filter or sort, else
   * updated where the tree changed since the last call (the index takes the tree's changes).
   */
  sync(view: ListView): VisibleList {
    const changed = this.#tree.takeChangedRoots();
    const previous = this.#view;
    if (previous === undefined || changed === 'all' || view.filter !== previous.filter || view.sort !== previous.sort) return this.rebuild(view);
    this.#view = view;
    const roots = new Set(changed);
    // Opening or folding a row changes only its own root's block.
    if (view.collapsed !== previous.collapsed) for (const id of toggled(previous.collapsed, view.collapsed)) roots.add(this.#tree.rootOf(id)?.id ?? id);
    if (roots.size > 0) this.#update(roots);
    return this.#snapshot();
  }

  /** The rows `view` shows of the tree, every block built afresh; leaves the tree's changes to {@link sync}. */
  rebuild(view: ListView): VisibleList {
    this.#view = view;
    this.#filtering = isFiltering(view.filter);
    this.#matches = compileFilter(view.filter);
    this.#compare = compareRoots(view.sort);
    this.#rows = [];
    this.#matching = 0;
    this.#blocks.clear();
    const keys = this.#tree.roots.map((row) => ({ row, sequence: this.#tree.sequenceOf(row.id) })).sort(this.#compare);
    for (const key of keys) this.#append(this.#blockOf(key));
    return this.#snapshot();
  }

  #snapshot(): VisibleList {
    return new VisibleRowsSnapshot(this.#rows, this.#matching);
  }

  #update(changed: ReadonlySet<string>): void {
    const cuts: [number, number][] = [];
    for (const id of changed) {
      const built = this.#blocks.get(id);
      if (built === undefined) continue;
      this.#blocks.delete(id);
      const start = this.#lowerBound(built);
      let end = start + 1;
      while (end < this.#rows.length && (this.#rows[end] as PlacedRow).root === built) end++;
      cuts.push([start, end]);
    }
    this.#cut(cuts);
    const blocks: PlacedRow[][] = [];
    for (const id of changed) {
      const root = this.#tree.get(id);
      // Gone, or adopted by a parent that arrived late: its rows are in that parent's block now.
      if (root === undefined || this.#tree.rootOf(id) !== root) continue;
      const block = this.#blockOf({ row: root, sequence: this.#tree.sequenceOf(id) });
      if (block.length > 0) blocks.push(block);
    }
    this.#merge(blocks);
  }

  /** The rows of `root`'s block; none when nothing in its subtree matches the filter. */
  #blockOf(root: RootKey): PlacedRow[] {
    const tree = this.#tree;
    const collapsed = (this.#view as ListView).collapsed;
    const block: PlacedRow[] = [];
    const subtreeMatches = (row: TrafficRow): boolean => this.#matches(row) || tree.childrenOf(row.id).some(subtreeMatches);
    // Adds `row` and what shows beneath it; returns how many denied rows that showed, or undefined if `row` did not.
    const visit = (row: TrafficRow, depth: number): number | undefined => {
      const at = block.length;
      block.push(undefined as unknown as PlacedRow);
      const matches = !this.#filtering || this.#matches(row);
      const expanded = !collapsed.has(row.id);
      const children = tree.childrenOf(row.id);
      let childCount = 0;
      let shownDenials = 0;
      if (expanded) {
        for (const child of children) {
          const denials = visit(child, depth + 1);
          if (denials === undefined) continue;
          childCount++;
          shownDenials += denials;
        }
      } else childCount = this.#filtering ? children.filter(subtreeMatches).length : children.length;
      if (!matches && childCount === 0) {
        block.length = at;
        return undefined;
      }
      const denial = isDenialRow(row) ? 1 : 0;
      block[at] = { row, depth, childCount, expanded, matches, hiddenDenials: tree.denialsWithin(row.id) - denial - shownDenials, root };
      return shownDenials + denial;
    };
    visit(root.row, 0);
    return block;
  }

  #append(block: readonly PlacedRow[]): void {
    const first = block[0];
    if (first === undefined) return;
    this.#blocks.set(first.row.id, first.root);
    for (const placed of block) {
      this.#rows.push(placed);
      if (placed.matches) this.#matching++;
    }
  }

  /** The index of the first row whose root sorts at or after `key`: where `key`'s block starts, or would. */
  #lowerBound(key: RootKey): number {
    let low = 0;
    let high = this.#rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#compare((this.#rows[middle] as PlacedRow).root, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Removes the rows in `cuts` (`[start, end)` ranges that do not overlap), moving only the rows after the first. */
  #cut(cuts: [number, number][]): void {
    if (cuts.length === 0) return;
    cuts.sort((a, b) => a[0] - b[0]);
    const rows = this.#rows;
    for (const [start, end] of cuts) for (let index = start; index < end; index++) if ((rows[index] as PlacedRow).matches) this.#matching--;
    const [first] = cuts[0] as [number, number];
    if (cuts.every(([start], index) => index === 0 || start === (cuts[index - 1] as [number, number])[1])) {
      // One run (evicted traces are the oldest, a run at the top): one splice.
      rows.splice(first, (cuts.at(-1) as [number, number])[1] - first);
      return;
    }
    let write = first;
    let read = first;
    for (const [start, end] of cuts) {
      while (read < start) rows[write++] = rows[read++] as PlacedRow;
      read = end;
    }
    while (read < rows.length) rows[write++] = rows[read++] as PlacedRow;
    rows.length = write;
  }

  /** Puts `blocks` where the sort places them, in one pass over the rows after the first of them. */
  #merge(blocks: PlacedRow[][]): void {
    if (blocks.length === 0) return;
    const rootOf = (block: PlacedRow[]): RootKey => (block[0] as PlacedRow).root;
    blocks.sort((a, b) => this.#compare(rootOf(a), rootOf(b)));
    const at = blocks.map((block) => this.#lowerBound(rootOf(block)));
    const first = at[0] as number;
    const tail = this.#rows.splice(first);
    let next = 0;
    blocks.forEach((block, index) => {
      for (const end = (at[index] as number) - first; next < end; next++) this.#rows.push(tail[next] as PlacedRow);
      this.#append(block);
    });
    for (; next < tail.length; next++) this.#rows.push(tail[next] as PlacedRow);
  }
}

/** Row ids in one set and not the other. */
function toggled(before: ReadonlySet<string>, after: ReadonlySet<string>): string[] {
  return [...[...before].filter((id) => !after.has(id)), ...[...after].filter((id) => !before.has(id))];
}

/** The list as of one revision: a window on the index's rows, which the next batch changes. */
class VisibleRowsSnapshot implements VisibleList {
  readonly #rows: readonly VisibleRow[];
  readonly length: number;
  readonly matching: number;

  constructor(rows: readonly VisibleRow[], matching: number) {
    this.#rows = rows;
    this.length = rows.length;
    this.matching = matching;
  }

  at(index: number): VisibleRow | undefined {
    return this.#rows[index];
  }

  slice(start: number, end: number): VisibleRow[] {
    return this.#rows.slice(start, end);
  }

  findIndex(predicate: (visible: VisibleRow) => boolean): number {
    return this.#rows.findIndex(predicate);
  }

  map<T>(transform: (visible: VisibleRow) => T): T[] {
    return this.#rows.map((visible) => transform(visible));
  }

  [Symbol.iterator](): Iterator<VisibleRow> {
    return this.#rows[Symbol.iterator]();
  }
}

/** The rows the list shows of `tree`, computed afresh (what {@link VisibleRowIndex} keeps up to date). */
export function visibleRows(tree: TrafficTree, filter: TrafficFilter, collapsed: ReadonlySet<string>, sort: RowSort = TIME_ORDER): VisibleRow[] {
  return [...new VisibleRowIndex(tree).rebuild({ filter, sort, collapsed })];
}
