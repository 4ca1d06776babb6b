import { describe, expect, it } from 'vitest';
import { diffHeaders } from '../../../renderer/format/header-diff.js';

describe('diffHeaders', () => {
  it("marks Spin's Host rewrite and what the HTTP client added, and lists the guest's headers not sent", () => {
    const guest: [string, string][] = [['Host', 'evil.example'], ['x-trace', '1'], ['Accept', 'text/plain']];
    const sent: [string, string][] = [['host', '127.0.0.1:8080'], ['connection', 'keep-alive'], ['x-trace', '1'], ['accept', 'text/plain']];
    expect(diffHeaders(guest, sent)).toEqual({
      sent: [['host', '127.0.0.1:8080', 'changed'], ['connection', 'keep-alive', 'added'], ['x-trace', '1', 'same'], ['accept', 'text/plain', 'same']],
      removed: [],
    });
  });

  it('lists a header the guest set that did not go out', () => {
    expect(diffHeaders([['Host', 'evil.example'], ['x-a', 'b']], [['x-a', 'b']])).toEqual({ sent: [['x-a', 'b', 'same']], removed: [['Host', 'evil.example']] });
  });

  it('matches repeated headers one for one', () => {
    expect(diffHeaders([['x-a', '1'], ['x-a', '2']], [['x-a', '2'], ['x-a', '3']])).toEqual({
      sent: [['x-a', '2', 'same'], ['x-a', '3', 'changed']],
      removed: [],
    });
  });
});
