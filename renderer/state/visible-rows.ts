import { compileFilter, isFiltering, type TrafficFilter } from './row-filter.js';
import type { TrafficRow } from './traffic-row.js';
import type { TrafficTree } from './traffic-tree.js';

/** A row as the list draws it: where it sits in the tree and whether it is open. */
export interface VisibleRow {
  readonly row: TrafficRow;
  readonly depth: number;
  readonly childCount: number;
  readonly expanded: boolean;
  /** Denied rows within this row's subtree (itself included). */
  readonly denials: number;
}

/**
 * The rows the list shows, top to bottom. Without a filter it is the tree, with
 * collapsed rows' subtrees left out; with one it is the matching rows alone, flat
 * and in trace order, the way a network panel filters.
 */
export function visibleRows(tree: TrafficTree, filter: TrafficFilter, collapsed: ReadonlySet<string>): VisibleRow[] {
  const out: VisibleRow[] = [];
  const filtering = isFiltering(filter);
  const matches = compileFilter(filter);
  const visit = (row: TrafficRow, depth: number): void => {
    const children = tree.childrenOf(row.id);
    const expanded = !filtering && !collapsed.has(row.id);
    if (!filtering || matches(row)) {
      out.push({ row, depth: filtering ? 0 : depth, childCount: filtering ? 0 : children.length, expanded, denials: tree.denialsWithin(row.id) });
    }
    if (filtering || expanded) for (const child of children) visit(child, depth + 1);
  };
  for (const root of tree.roots) visit(root, 0);
  return out;
}
