import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, type ServerMessage } from '../../../runtime/api/bridge-protocol.js';

describe('bridge wire codec', () => {
  it('round-trips byte arrays of any content inside a message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100_000 }), (bytes) => {
        const message: ServerMessage = { type: 'result', id: 1, value: { body: { captured: bytes, size: bytes.length } } };
        const decoded = decodeMessage(encodeMessage(message)) as { value: { body: { captured: Uint8Array } } };
        expect(decoded.value.body.captured).toBeInstanceOf(Uint8Array);
        expect([...decoded.value.body.captured]).toEqual([...bytes]);
      }),
      { numRuns: 50 },
    );
  });

  it('leaves an object that merely has a $bytes field among others alone', () => {
    const value = { $bytes: 'AA==', other: 1 };
    expect(decodeMessage(encodeMessage({ type: 'result', id: 2, value }))).toEqual({ type: 'result', id: 2, value });
  });
});
