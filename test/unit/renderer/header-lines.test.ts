import { describe, expect, it } from 'vitest';
import { headerLines, parseHeaderLines } from '../../../renderer/format/header-lines.js';

describe('header lines', () => {
  it('reads Name: value lines, trimming the spaces around the value, skipping blank lines', () => {
    expect(parseHeaderLines('accept: */*\n\nx-empty:\nx-odd:  a: b \t\r\nx-tab:\tv')).toEqual({
      headers: [
        ['accept', '*/*'],
        ['x-empty', ''],
        ['x-odd', 'a: b'],
        ['x-tab', 'v'],
      ],
    });
  });

  it('refuses a line without a colon, naming it', () => {
    expect(parseHeaderLines('accept: */*\nnot a header')).toEqual({ problem: 'header line 2 has no ":" between the name and the value' });
  });

  it('round-trips what it writes', () => {
    const headers = [['content-type', 'text/plain'], ['x-empty', ''], ['x-colon', 'a:b']] as const;
    expect(parseHeaderLines(headerLines(headers))).toEqual({ headers });
  });
});
