import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientAbort } from '../../../runtime/api/events.js';
import { ByteQueue } from '../../../runtime/http/index.js';
import { ResponseDelivery } from '../../../runtime/trigger/response-delivery.js';
import { writeArrivingBody } from '../../../runtime/trigger/write-arriving-body.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

interface Served {
  readonly received: string;
  readonly outcome: 'complete' | 'reset' | 'client-closed';
  /** What the delivery reported: `complete` for nothing, else the abort. */
  readonly delivery: Promise<ClientAbort | 'complete'>;
}

/**
 * Serves one response whose body is `queue`, holding "part;", and runs `afterFirstBytes`
 * once the client has received them: the body is still open until then. With
 * `closeAfterFirstBytes`, the client closes the connection itself at that point.
 */
async function serve(server: Server, afterFirstBytes: (queue: ByteQueue) => void, closeAfterFirstBytes = false): Promise<Served> {
  const queue = new ByteQueue();
  let reported!: (abort: ClientAbort | 'complete') => void;
  const delivery = new Promise<ClientAbort | 'complete'>((resolve) => (reported = resolve));
  server.on('request', (_req, res) => {
    res.writeHead(200);
    writeArrivingBody(queue, res, new ResponseDelivery(res, (abort) => reported(abort ?? 'complete')));
    queue.push(bytes('part;'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port }, (response) => {
      let received = '';
      response.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (received !== 'part;') return;
        if (closeAfterFirstBytes) {
          req.destroy();
          resolve({ received, outcome: 'client-closed', delivery });
        }
        afterFirstBytes(queue);
      });
      response.on('end', () => resolve({ received, outcome: 'complete', delivery }));
      response.on('error', () => resolve({ received, outcome: 'reset', delivery }));
    });
    req.on('error', () => undefined);
    req.end();
  });
}

describe('writing a body the component is still writing', () => {
  let server: Server;
  afterEach(() => server?.close());

  it('sends bytes as they come and ends when the body does, reporting a whole delivery', async () => {
    server = createServer();
    const seen = await serve(server, (queue) => {
      queue.push(bytes('rest'));
      queue.end();
    });
    expect(seen).toMatchObject({ received: 'part;rest', outcome: 'complete' });
    expect(await seen.delivery).toBe('complete');
  });

  it('resets the connection when the component fails partway, as Spin does, which is no client abort', async () => {
    server = createServer();
    const seen = await serve(server, (queue) => queue.fail({ tag: 'internal-error', val: 'trapped' }));
    expect(seen).toMatchObject({ received: 'part;', outcome: 'reset' });
    expect(await seen.delivery).toBe('complete');
  });

  it('reports a client that closed the connection partway, with the body bytes it had been sent', async () => {
    server = createServer();
    let later: ByteQueue | undefined;
    const seen = await serve(server, (queue) => (later = queue), true);
    expect(seen).toMatchObject({ received: 'part;', outcome: 'client-closed' });
    expect(await seen.delivery).toEqual({ bytesSent: 5 });
    // The component is not held back: what it writes now is taken and dropped.
    later?.push(new Uint8Array(1024 * 1024));
    expect(later?.size).toBe(0);
  });
});
