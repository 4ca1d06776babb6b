import type { RawData, WebSocket } from 'ws';
import { decodeMessage, type ClientMessage, type ServerMessage } from '../api/bridge-protocol.js';
import type { PushTopic, SpinscopeApi, Unsubscribe } from '../api/contract.js';
import { appProblemOf } from '../session/index.js';
import { BridgeError } from './bridge-error.js';
import { callApi } from './call-api.js';
import { messageId, parseClientMessage } from './client-message.js';
import { SendQueue } from './send-queue.js';

/**
 * Serves one browser connection: answers each call with a `result` or an `error`,
 * pushes the topics it subscribed to, and unsubscribes everything when it closes.
 * A message that breaks the protocol gets an `error`; the connection stays open.
 * Everything sent goes through one bounded {@link SendQueue}: a client that falls
 * behind, on answers or on live events, is disconnected rather than buffered.
 */
export function serveConnection(socket: WebSocket, api: SpinscopeApi): void {
  const subscriptions = new Map<PushTopic, Unsubscribe>();
  const queue = new SendQueue(socket);
  const send = (message: ServerMessage): void => queue.send(message);

  socket.on('message', (data: RawData, isBinary: boolean) => {
    // A client disconnected for falling behind gets nothing more done for it.
    if (queue.closed) return;
    let decoded: unknown;
    let message: ClientMessage;
    try {
      if (isBinary) throw new BridgeError('messages are JSON text frames, not binary');
      decoded = decodeMessage(rawText(data));
      message = parseClientMessage(decoded);
    } catch (error) {
      const problem = error instanceof SyntaxError ? new BridgeError(`a message must be JSON: ${error.message}`, { cause: error }) : error;
      send({ type: 'error', id: messageId(decoded), error: appProblemOf(problem) });
      return;
    }
    if (message.type === 'call') {
      // parseClientMessage has refused arguments the contract does not accept, as a protocol error.
      callApi(api, message.method, message.args).then(
        (value) => send({ type: 'result', id: message.id, value }),
        (error: unknown) => send({ type: 'error', id: message.id, error: appProblemOf(error) }),
      );
    } else if (message.type === 'subscribe') {
      if (!subscriptions.has(message.topic)) subscriptions.set(message.topic, subscribe(api, message.topic, send));
    } else {
      subscriptions.get(message.topic)?.();
      subscriptions.delete(message.topic);
    }
  });

  socket.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
  // ws closes the connection itself (with 1002 or 1009) after a protocol error or an oversized frame.
  socket.on('error', () => undefined);
}

// Each topic has its own message shape on the wire (`batch`, `status`).
function subscribe(api: SpinscopeApi, topic: PushTopic, send: (message: ServerMessage) => void): Unsubscribe {
  if (topic === 'status') return api.onStatus((status) => send({ type: 'status', status }));
  return api.onEvents((batch) => send({ type: 'events', batch }));
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
