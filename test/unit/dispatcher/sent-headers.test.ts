import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { framingHeader, sentHeaderPairs } from '../../../runtime/dispatcher/sent-headers.js';

describe('sentHeaderPairs', () => {
  it('reads the headers of the head undici wrote, in order and case, then the framing', () => {
    const head = 'POST /items?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nconnection: keep-alive\r\nX-Trace: a: b\r\ncontent-type: text/plain\r\n';
    expect(sentHeaderPairs(head, ['content-length', '3'])).toEqual([
      ['host', '127.0.0.1:8080'],
      ['connection', 'keep-alive'],
      ['X-Trace', 'a: b'],
      ['content-type', 'text/plain'],
      ['content-length', '3'],
    ]);
  });

  it('reads a head without headers of its own', () => {
    expect(sentHeaderPairs('GET / HTTP/1.1\r\nhost: h\r\nconnection: keep-alive\r\n', undefined)).toEqual([['host', 'h'], ['connection', 'keep-alive']]);
  });
});

describe('framingHeader: the framing undici writes (client-h1.js writeH1)', () => {
  const stream = (): Readable => Readable.from([new Uint8Array([1])]);
  it.each<[string, string, Parameters<typeof framingHeader>[1], [string, string][], [string, string] | undefined]>([
    ['bytes', 'POST', new Uint8Array(5), [], ['content-length', '5']],
    ['bytes, whatever length the guest said', 'PUT', new Uint8Array(5), [['Content-Length', '5']], ['content-length', '5']],
    ['no body on a GET', 'GET', null, [], undefined],
    ['no body on a POST', 'POST', null, [], ['content-length', '0']],
    ['no body on a DELETE, even with a length of 0 from the guest', 'DELETE', null, [['content-length', '0']], undefined],
    ['a stream of unknown length', 'POST', stream(), [], ['transfer-encoding', 'chunked']],
    ['a stream whose length the guest gave', 'POST', stream(), [['content-length', '12']], ['content-length', '12']],
    ['a string', 'POST', 'héllo', [], ['content-length', '6']],
  ])('frames %s', (_name, method, body, headers, expected) => {
    expect(framingHeader(method, body, headers)).toEqual(expected);
  });
});
