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

  it('restores bytes anywhere, in arrays and at any depth, and keeps a __proto__ key a plain property', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const decoded = decodeMessage(encodeMessage({ type: 'result', id: 3, value: [{ deep: [[bytes]] }, bytes] })) as { value: [{ deep: [[Uint8Array]] }, Uint8Array] };
    expect([...decoded.value[0].deep[0][0]]).toEqual([1, 2, 3]);
    expect(decoded.value[1]).toBeInstanceOf(Uint8Array);
    const hostile = decodeMessage('{"type":"result","id":4,"value":{"__proto__":{"$bytes":"AQ=="},"polluted":{"__proto__":{"x":1}}}}') as { value: Record<string, unknown> };
    expect(Object.getPrototypeOf(hostile.value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(hostile.value, '__proto__')?.value).toBeInstanceOf(Uint8Array);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

