import { describe, expect, it } from 'vitest';
import { encodeMessage, type ServerMessage } from '../../../runtime/api/bridge-protocol.js';
import { encodeInSlices } from '../../../runtime/bridge/sliced-encoding.js';

/** The pieces of `message` encoded with `sliceMs` and `pieceChars`. */
async function pieces(message: ServerMessage, sliceMs = 8, pieceChars = Number.POSITIVE_INFINITY): Promise<string[]> {
  const handed: string[] = [];
  await encodeInSlices(message, { sliceMs, pieceChars, onPiece: (piece) => void handed.push(piece) });
  return handed;
}

const bytes = (length: number): Uint8Array => Uint8Array.from({ length }, (_, index) => (index * 31) % 256);

const messages: ServerMessage[] = [
  // undefined fields and items, as JSON.stringify leaves them out or writes null.
  { type: 'result', id: 1, value: undefined },
  { type: 'result', id: 5, value: { absent: undefined, present: 1 } },
  { type: 'result', id: 2, value: { events: [], evicted: 0, evictedBytes: 0, next: '12' } },
  { type: 'error', id: -1, error: { code: 'SPINSCOPE_BRIDGE', name: 'BridgeError', message: 'no "quotes" \u2028 here' } },
  {
    type: 'events',
    batch: {
      events: Array.from({ length: 50 }, (_, index) => ({
        kind: 'outbound.response' as const,
        id: `e${index}`,
        time: index,
        traceId: `t${index % 3}`,
        component: 'web',
        url: 'http://127.0.0.1:1/',
        status: 200,
        headers: [['content-type', 'text/plain']] as const,
        body: { captured: bytes(index * 97), size: index * 97, truncated: false },
        timings: { start: 0, headers: 1, end: 2 },
        ...(index % 2 === 0 ? {} : { allowedBy: 'http://127.0.0.1:*' }),
      })),
      evicted: 4,
      evictedBytes: 4_096,
      evictedTraceIds: ['gone'],
    },
  },
  { type: 'result', id: 3, value: [1, undefined, 'two', bytes(3), { key: bytes(0) }] },
];

describe('encodeInSlices', () => {
  it.each(messages.map((message) => [message.type, message] as const))('encodes a %s message exactly as encodeMessage does', async (_type, message) => {
    expect(await pieces(message)).toEqual([encodeMessage(message)]);
  });

  it('yields to the event loop between items once a slice has run out', async () => {
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const big = { type: 'result' as const, id: 4, value: Array.from({ length: 40 }, () => ({ body: bytes(16 * 1024) })) };
    const encoded = await pieces(big, 0);
    clearInterval(ticking);
    expect(encoded.join('')).toBe(encodeMessage(big));
    expect(turns).toBeGreaterThan(1);
  });

  it('hands the text on in pieces of about pieceChars, each ending after a whole item', async () => {
    const big = { type: 'result' as const, id: 6, value: Array.from({ length: 40 }, () => ({ body: bytes(16 * 1024) })) };
    const encoded = await pieces(big, 8, 64 * 1024);
    expect(encoded.join('')).toBe(encodeMessage(big));
    expect(encoded.length).toBeGreaterThan(5);
    for (const piece of encoded.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(64 * 1024);
    for (const piece of encoded.slice(0, -1)) expect(piece.length).toBeLessThan(64 * 1024 + 30 * 1024);
  });
});
