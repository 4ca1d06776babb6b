import { describe, expect, it } from 'vitest';
import { diffHunks, lineDiff } from '../../../renderer/format/line-diff.js';

const unified = (before: string, after: string, context?: number) =>
  diffHunks(lineDiff(before, after), context).map((hunk) => hunk.map((line) => `${{ same: ' ', removed: '-', added: '+' }[line.change]}${line.before ?? ''}/${line.after ?? ''} ${line.text}`));

describe('lineDiff and diffHunks', () => {
  it('shows a one-line edit as the old line removed and the new one added, numbered in each text', () => {
    const before = 'a\nb\nhosts = ["x"]\nc\nd\ne\n';
    const after = 'a\nb\nhosts = ["x", "y"]\nc\nd\ne\n';
    expect(unified(before, after, 1)).toEqual([[' 2/2 b', '-3/ hosts = ["x"]', '+/3 hosts = ["x", "y"]', ' 4/4 c']]);
  });

  it('keeps unchanged lines between changes out of the diff, and merges changes whose context meets', () => {
    const before = ['[', '  "a",', '  "b",', '  "c",', ']', 'x', 'y', 'z', 'w', 'end'].join('\n');
    const after = ['[', '  "b",', '  "c",', '  "d",', ']', 'x', 'y', 'z', 'w', 'END'].join('\n');
    expect(unified(before, after, 1)).toEqual([
      [' 1/1 [', '-2/   "a",', ' 3/2   "b",', ' 4/3   "c",', '+/4   "d",', ' 5/5 ]'],
      [' 9/9 w', '-10/ end', '+/10 END'],
    ]);
  });

  it('shows a CRLF file without its carriage returns, and nothing for equal texts', () => {
    expect(unified('a\r\nb\r\n', 'a\r\nc\r\n', 0)).toEqual([['-2/ b', '+/2 c']]);
    expect(unified('same\n', 'same\n')).toEqual([]);
  });
});
