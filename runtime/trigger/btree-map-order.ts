/**
 * The iteration order of a Rust `BTreeMap` after inserting keys one by one.
 *
 * routefinder keeps routes in a `BTreeMap` whose comparator is not a total order (it
 * never says "equal", and a dot segment sorts above an exact one both ways round), so
 * a sort cannot reproduce which route `spin up` tries first. Replaying std's B-tree
 * insertion can: same node capacity, same linear key search, same split points.
 */

/** std's `B`: nodes hold at most `2 * B - 1` keys. */
const B = 6;
const CAPACITY = 2 * B - 1;
const KV_IDX_CENTER = B - 1;
const EDGE_IDX_LEFT_OF_CENTER = B - 1;
const EDGE_IDX_RIGHT_OF_CENTER = B;

interface BTreeNode<K> {
  keys: K[];
  /** Empty for a leaf; otherwise `keys.length + 1` children. */
  children: BTreeNode<K>[];
}

interface Split<K> {
  middle: K;
  right: BTreeNode<K>;
}

/**
 * Inserts `keys` in order into an emulated `BTreeMap` and returns its in-order
 * traversal. `compare(newKey, existingKey)` follows `Ord::cmp`: negative for Less,
 * zero for Equal (the existing key stays, as std keeps it), positive for Greater.
 */
export function btreeMapOrder<K>(keys: Iterable<K>, compare: (a: K, b: K) => number): K[] {
  let root: BTreeNode<K> | undefined;
  for (const key of keys) {
    if (root === undefined) {
      root = { keys: [key], children: [] };
      continue;
    }
    const split = insert(root, key, compare);
    if (split !== undefined) root = { keys: [split.middle], children: [root, split.right] };
  }
  const ordered: K[] = [];
  if (root !== undefined) walk(root, ordered);
  return ordered;
}

function insert<K>(node: BTreeNode<K>, key: K, compare: (a: K, b: K) => number): Split<K> | undefined {
  // std's `search_node`: scan left to right, stop at the first key that is not Greater.
  let edge = node.keys.length;
  for (let i = 0; i < node.keys.length; i++) {
    const order = compare(key, node.keys[i] as K);
    if (order === 0) return undefined;
    if (order < 0) {
      edge = i;
      break;
    }
  }
  if (node.children.length === 0) return insertAt(node, edge, key, undefined);
  const split = insert(node.children[edge] as BTreeNode<K>, key, compare);
  return split === undefined ? undefined : insertAt(node, edge, split.middle, split.right);
}

function insertAt<K>(node: BTreeNode<K>, edge: number, key: K, rightChild: BTreeNode<K> | undefined): Split<K> | undefined {
  if (node.keys.length < CAPACITY) {
    place(node, edge, key, rightChild);
    return undefined;
  }
  const [middleIndex, side, index] = splitpoint(edge);
  const right: BTreeNode<K> = {
    keys: node.keys.slice(middleIndex + 1),
    children: node.children.slice(middleIndex + 1),
  };
  const middle = node.keys[middleIndex] as K;
  node.keys = node.keys.slice(0, middleIndex);
  node.children = node.children.slice(0, node.children.length === 0 ? 0 : middleIndex + 1);
  place(side === 'left' ? node : right, index, key, rightChild);
  return { middle, right };
}

function place<K>(node: BTreeNode<K>, edge: number, key: K, rightChild: BTreeNode<K> | undefined): void {
  node.keys.splice(edge, 0, key);
  if (rightChild !== undefined) node.children.splice(edge + 1, 0, rightChild);
}

/** std's `splitpoint`: which key moves up, and where in which half the new key goes. */
function splitpoint(edge: number): [middle: number, side: 'left' | 'right', index: number] {
  if (edge < EDGE_IDX_LEFT_OF_CENTER) return [KV_IDX_CENTER - 1, 'left', edge];
  if (edge === EDGE_IDX_LEFT_OF_CENTER) return [KV_IDX_CENTER, 'left', edge];
  if (edge === EDGE_IDX_RIGHT_OF_CENTER) return [KV_IDX_CENTER, 'right', 0];
  return [KV_IDX_CENTER + 1, 'right', edge - (KV_IDX_CENTER + 1 + 1)];
}

function walk<K>(node: BTreeNode<K>, out: K[]): void {
  node.keys.forEach((key, i) => {
    const child = node.children[i];
    if (child !== undefined) walk(child, out);
    out.push(key);
  });
  const last = node.children[node.keys.length];
  if (last !== undefined) walk(last, out);
}
