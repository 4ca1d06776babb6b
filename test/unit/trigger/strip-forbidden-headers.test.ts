import { describe, expect, it } from 'vitest';
import { stripForbiddenHeaders } from '../../../runtime/trigger/index.js';

describe('spec §10.49 strip_forbidden_headers (trigger-http headers.rs tests)', () => {
  it('removes a Host header naming a chaining host', () => {
    expect(stripForbiddenHeaders([['Host', 'test.spin.internal'], ['accept', 'text/plain']])).toEqual([['accept', 'text/plain']]);
  });

  it('removes a chaining Host with a port, and Connection in any case', () => {
    expect(
      stripForbiddenHeaders([
        ['Host', 'test.spin.internal:1234'],
        ['accept', 'text/plain'],
        ['Connection', 'the knee bone and the leg bone'],
      ]),
    ).toEqual([['accept', 'text/plain']]);
    expect(stripForbiddenHeaders([['connection', 'keep-alive'], ['host', 'localhost:3000']])).toEqual([['host', 'localhost:3000']]);
  });

  it('keeps an ordinary Host header', () => {
    expect(stripForbiddenHeaders([['Host', 'test.example.org'], ['accept', 'text/plain']])).toEqual([
      ['Host', 'test.example.org'],
      ['accept', 'text/plain'],
    ]);
  });

  it.each([['a.b.spin.internal'], ['spin.internal'], ['test.SPIN.internal'], ['test.spin.internal.']])(
    'keeps Host %j, which is not a chaining target (spec §10.44)',
    (host) => {
      expect(stripForbiddenHeaders([['host', host]])).toEqual([['host', host]]);
    },
  );

  it('removes every Host header when the first names a chaining host', () => {
    expect(stripForbiddenHeaders([['host', 'x.spin.internal'], ['host', 'example.org']])).toEqual([]);
  });
});
