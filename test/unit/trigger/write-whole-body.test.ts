import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeaderPairs } from '../../../runtime/trigger/spin-headers.js';
import { writeWholeBody } from '../../../runtime/trigger/write-whole-body.js';

/** What the server answers for each path: status, headers, body. */
const ANSWERS: Record<string, [number, HeaderPairs, string]> = {
  '/empty': [200, [['x-a', '1']], ''],
  '/text': [200, [], 'hello'],
  '/own-length': [200, [['content-length', '5'], ['Content-Length', '5']], 'hello'],
  '/stale-length': [200, [['content-length', '5']], ''],
  '/no-content': [204, [], 'ignored'],
  '/not-modified': [304, [], ''],
};

// hyper 1.10 `Server::encode`, as spec §26 describes it.
describe('a whole body framed as hyper frames Full and Empty bodies', () => {
  let server: Server;
  let port: number;

  /** The raw response head, header lines lower-cased, without the date. */
  const head = (path: string, method = 'GET'): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(`${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text.split('\r\n\r\n')[0]!.split('\r\n').slice(1).map((line) => line.toLowerCase()).filter((line) => !line.startsWith('date:'))));
      socket.on('error', reject);
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const [status, headers, body] = ANSWERS[req.url ?? '']!;
      writeWholeBody(res, req.method ?? 'GET', status, headers, new TextEncoder().encode(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it('gives an empty body content-length: 0 and a non-empty one its length, never chunked', async () => {
    expect(await head('/empty')).toEqual(['x-a: 1', 'content-length: 0', 'connection: close']);
    expect(await head('/text')).toEqual(['content-length: 5', 'connection: close']);
  });

  it("keeps the first content-length a body carries, and drops a stale one from an empty body (but not for HEAD)", async () => {
    expect(await head('/own-length')).toEqual(['content-length: 5', 'connection: close']);
    expect(await head('/stale-length')).toEqual(['content-length: 0', 'connection: close']);
    expect(await head('/stale-length', 'HEAD')).toEqual(['content-length: 5', 'connection: close']);
  });

  it('gives no length where none may be sent: 204, 304, and HEAD with an empty body', async () => {
    expect(await head('/no-content')).toEqual(['connection: close']);
    expect(await head('/not-modified')).toEqual(['connection: close']);
    expect(await head('/empty', 'HEAD')).toEqual(['x-a: 1', 'connection: close']);
  });

  it('sends the body it framed', async () => {
    const body = await new Promise<string>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/text', agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
      }).end();
    });
    expect(body).toBe('hello');
  });
});
