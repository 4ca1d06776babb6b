import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BodyDecoder, responseFraming, type BodyFraming } from '../../../runtime/dispatcher/response-framing.js';

/** Feeds `wire` to a decoder in the given pieces; answers the body and whether it ended. */
function decode(framing: BodyFraming, pieces: readonly Buffer[]): { body: string; done: boolean } {
  const decoder = new BodyDecoder(framing);
  const body = pieces.flatMap((piece) => decoder.decode(piece));
  return { body: Buffer.concat(body).toString('latin1'), done: decoder.done };
}

/** `wire` cut at `cuts` (offsets, any order). */
function split(wire: Buffer, cuts: readonly number[]): Buffer[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (wire.byteLength + 1)))].sort((a, b) => a - b);
  return [...offsets, wire.byteLength].map((end, index) => wire.subarray(index === 0 ? 0 : offsets[index - 1], end));
}

describe('responseFraming: how hyper finds the end of a response body', () => {
  it.each([
    ['a 2xx to CONNECT (a tunnel)', 'CONNECT', 200, [['content-length', '5']], { kind: 'none' }],
    ['a non-2xx to CONNECT with a length', 'CONNECT', 405, [['content-length', '5']], { kind: 'length', length: 5 }],
    ['204 and 304', 'GET', 204, [['content-length', '5']], { kind: 'none' }],
    ['HEAD', 'HEAD', 200, [['content-length', '5']], { kind: 'none' }],
    ['chunked as the last coding', 'CONNECT', 403, [['Transfer-Encoding', 'gzip, chunked'], ['content-length', '5']], { kind: 'chunked' }],
    ['another last coding: read to the close', 'CONNECT', 403, [['transfer-encoding', 'gzip']], { kind: 'close' }],
    ['no length: read to the close', 'CONNECT', 502, [], { kind: 'close' }],
    ['repeated equal lengths', 'CONNECT', 400, [['content-length', '3, 3'], ['Content-Length', '3']], { kind: 'length', length: 3 }],
  ] as const)('%s', (_name, method, status, headers, framing) => {
    expect(responseFraming(method, status, headers)).toEqual(framing);
  });

  it.each([['5, 6'], ['-1'], ['0x10'], ['']])('fails a content-length of %j as HTTP-protocol-error', (length) => {
    expect(() => responseFraming('CONNECT', 400, [['content-length', length]])).toThrow(
      expect.objectContaining({ code: 'SPINSCOPE_RESPONSE_BODY_FAILED', errorCode: { tag: 'HTTP-protocol-error' } }),
    );
  });
});

describe('BodyDecoder', () => {
  it('takes exactly content-length bytes and drops what follows', () => {
    expect(decode({ kind: 'length', length: 5 }, [Buffer.from('hel'), Buffer.from('lo, and more')])).toEqual({ body: 'hello', done: true });
  });

  it('is done at once for an empty body', () => {
    expect(decode({ kind: 'length', length: 0 }, [])).toEqual({ body: '', done: true });
    expect(decode({ kind: 'none' }, [])).toEqual({ body: '', done: true });
  });

  it('never ends a body delimited by the connection closing', () => {
    expect(decode({ kind: 'close' }, [Buffer.from('a'), Buffer.from('b')])).toEqual({ body: 'ab', done: false });
  });

  it('decodes chunks with extensions and trailers', () => {
    const wire = Buffer.from('3;name=value\r\nnot\r\n8 \r\n allowed\r\n0\r\nx-trailer: yes\r\n\r\nleftover');
    expect(decode({ kind: 'chunked' }, [wire])).toEqual({ body: 'not allowed', done: true });
  });

  it('decodes the same body however the chunked bytes are cut into reads', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), (chunks, cuts) => {
        const body = Buffer.concat(chunks);
        const wire = Buffer.concat([...chunks.flatMap((chunk) => [Buffer.from(`${chunk.byteLength.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]), Buffer.from('0\r\n\r\n')]);
        expect(decode({ kind: 'chunked' }, split(wire, cuts))).toEqual({ body: body.toString('latin1'), done: true });
      }),
    );
  });

  it.each([
    ['a size that is not hex', 'zz\r\nab\r\n'],
    ['chunk data not followed by CRLF', '2\r\nabc\r\n'],
    ['an endless size line', `${'1'.repeat(9000)}`],
    ['a bare LF, which hyper refuses', '2\nab\r\n'],
    ['a size past any body', 'fffffffffffffffff\r\n'],
  ])('fails %s as HTTP-protocol-error', (_name, wire) => {
    expect(() => decode({ kind: 'chunked' }, [Buffer.from(wire)])).toThrow(expect.objectContaining({ errorCode: { tag: 'HTTP-protocol-error' } }));
  });
});
