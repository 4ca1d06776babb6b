import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteQueue } from '../../../runtime/host/byte-queue.js';
import { writeArrivingBody } from '../../../runtime/trigger/write-arriving-body.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Serves one response whose body is `queue`, holding "part;", and runs `afterFirstBytes`
 * once the client has received them: the body is still open until then.
 */
async function serve(server: Server, afterFirstBytes: (queue: ByteQueue) => void): Promise<{ received: string; outcome: 'complete' | 'reset' }> {
  const queue = new ByteQueue();
  server.on('request', (_req, res) => {
    res.writeHead(200);
    writeArrivingBody(queue, res);
    queue.push(bytes('part;'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', port }, (response) => {
      let received = '';
      response.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received === 'part;') afterFirstBytes(queue);
      });
      response.on('end', () => resolve({ received, outcome: 'complete' }));
      response.on('error', () => resolve({ received, outcome: 'reset' }));
    }).end();
  });
}

describe('writing a body the component is still writing', () => {
  let server: Server;
  afterEach(() => server?.close());

  it('sends bytes as they come and ends when the body does', async () => {
    server = createServer();
    const seen = await serve(server, (queue) => {
      queue.push(bytes('rest'));
      queue.end();
    });
    expect(seen).toEqual({ received: 'part;rest', outcome: 'complete' });
  });

  it('resets the connection when the component fails partway, as Spin does', async () => {
    server = createServer();
    const seen = await serve(server, (queue) => queue.fail({ tag: 'internal-error', val: 'trapped' }));
    expect(seen).toEqual({ received: 'part;', outcome: 'reset' });
  });
});
