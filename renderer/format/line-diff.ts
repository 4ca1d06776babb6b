/** One line of a diff between two texts, numbered from 1 in the text(s) it is in. */
export interface DiffLine {
  readonly change: 'same' | 'removed' | 'added';
  /** The line without its line ending. */
  readonly text: string;
  /** Its number in the old text (unchanged and removed lines). */
  readonly before?: number;
  /** Its number in the new text (unchanged and added lines). */
  readonly after?: number;
}

/** A run of changed lines with the unchanged lines around them. */
export type DiffHunk = readonly DiffLine[];

/**
 * The lines of `before` and `after`, each unchanged, removed or added, in the order a
 * unified diff prints them (within a change, removals first). Line endings are compared,
 * so a line whose only change is `\r\n` to `\n` shows as changed.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = linesOf(before);
  const b = linesOf(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const diff: DiffLine[] = [];
  const same = (i: number, j: number) => diff.push({ change: 'same', text: shown(a[i]), before: i + 1, after: j + 1 });
  for (let i = 0; i < start; i++) same(i, i);
  // An edit of one list touches a few lines: the longest common subsequence of the middle is cheap.
  const rows = a.length - start - end;
  const columns = b.length - start - end;
  const common = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      common[i]![j] = a[start + i] === b[start + j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < rows || j < columns) {
    if (i < rows && j < columns && a[start + i] === b[start + j]) {
      same(start + i++, start + j++);
    } else if (j >= columns || (i < rows && common[i + 1]![j]! >= common[i]![j + 1]!)) {
      diff.push({ change: 'removed', text: shown(a[start + i]), before: start + i + 1 });
      i++;
    } else {
      diff.push({ change: 'added', text: shown(b[start + j]), after: start + j + 1 });
      j++;
    }
  }
  for (let k = end; k > 0; k--) same(a.length - k, b.length - k);
  return diff;
}

/** The changes of `diff`, each with up to `context` unchanged lines either side; changes that close merge into one hunk. */
export function diffHunks(diff: readonly DiffLine[], context = 2): DiffHunk[] {
  const shownAt = new Set<number>();
  diff.forEach((line, index) => {
    if (line.change === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(diff.length - 1, index + context); k++) shownAt.add(k);
  });
  const hunks: DiffLine[][] = [];
  diff.forEach((line, index) => {
    if (!shownAt.has(index)) return;
    if (shownAt.has(index - 1)) hunks[hunks.length - 1]!.push(line);
    else hunks.push([line]);
  });
  return hunks;
}

// A final line ending ends the last line rather than starting an empty one.
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function shown(line: string | undefined): string {
  return (line ?? '').replace(/\r$/, '');
}
