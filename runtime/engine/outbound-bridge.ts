/**
 * Outbound HTTP from a guest worker, performed on the main thread.
 *
 * The guest's host is synchronous, so the worker posts the request and
 * blocks in `Atomics.wait`; the main thread runs the injected `send` (where
 * the policy check and undici live), posts the result on a dedicated port
 * and wakes the worker, which takes it with `receiveMessageOnPort`.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { OutboundRequestData, OutboundResult, PerformOutbound } from '../host/http-message.js';
import type { SendOutbound } from '../host/wasi-http.js';
import type { WorkerMessage } from './worker-protocol.js';

/** Worker side: a blocking `send` for the host. */
export function blockingSend(post: (message: WorkerMessage) => void, replies: MessagePort, signal: Int32Array): SendOutbound {
  return (request) => {
    Atomics.store(signal, 0, 0);
    post({ type: 'outbound', request });
    Atomics.wait(signal, 0, 0);
    const reply = receiveMessageOnPort(replies);
    if (reply === undefined) throw new Error('outbound bridge woke without a reply');
    return reply.message as OutboundResult;
  };
}

/** Main-thread side: performs one request and wakes the waiting worker. */
export async function answerOutbound(perform: PerformOutbound, request: OutboundRequestData, replies: MessagePort, signal: Int32Array): Promise<void> {
  let result: OutboundResult;
  try {
    result = await perform(request);
  } catch (error) {
    // The guest can only receive a WIT error code; the message keeps the cause visible in its logs.
    result = { error: { tag: 'internal-error', val: error instanceof Error ? error.message : String(error) } };
  }
  replies.postMessage(result);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
