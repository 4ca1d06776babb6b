import { isRecord } from '../api/argument-shapes.js';
import type { ClientMessage } from '../api/bridge-protocol.js';
import { API_METHODS, BROWSER_CALL_METHODS, callArgumentsProblem, PUSH_METHODS, type BrowserCallMethod, type PushTopic } from '../api/contract.js';
import { BridgeError } from './bridge-error.js';

/** Every topic a browser may subscribe to, in the contract's order. */
const TOPICS: readonly PushTopic[] = PUSH_METHODS.map((method) => API_METHODS[method].pushes);

/** Id for answering a message that had no usable `id`; it matches no call. */
export const NO_MESSAGE_ID = -1;

/**
 * Checks a decoded frame against the protocol: a known `type`, a method a browser may
 * call with arguments the contract's method table accepts, or a known topic. Throws a
 * {@link BridgeError} saying what is wrong otherwise.
 */
export function parseClientMessage(value: unknown): ClientMessage {
  if (!isRecord(value)) throw new BridgeError('a message must be a JSON object with a "type"');
  if (value.type === 'subscribe' || value.type === 'unsubscribe') {
    if (!isTopic(value.topic)) throw new BridgeError(`unknown topic ${JSON.stringify(value.topic)}; topics are ${TOPICS.map((topic) => JSON.stringify(topic)).join(' and ')}`);
    return { type: value.type, topic: value.topic };
  }
  if (value.type !== 'call') throw new BridgeError(`unknown message type ${JSON.stringify(value.type)}; use "call", "subscribe" or "unsubscribe"`);
  if (!Number.isSafeInteger(value.id)) throw new BridgeError('a call needs an integer "id"');
  const method = value.method;
  if (!isCallable(method)) throw new BridgeError(`unknown method ${JSON.stringify(method)}; methods are ${BROWSER_CALL_METHODS.join(', ')}`);
  if (!Array.isArray(value.args)) throw new BridgeError(`${method} needs "args", an array`);
  const problem = callArgumentsProblem(method, value.args);
  if (problem !== undefined) throw new BridgeError(problem);
  return { type: 'call', id: value.id as number, method, args: value.args };
}

/** The `id` to answer a message with, even one that failed {@link parseClientMessage}. */
export function messageId(value: unknown): number {
  return isRecord(value) && Number.isSafeInteger(value.id) ? (value.id as number) : NO_MESSAGE_ID;
}

function isCallable(method: unknown): method is BrowserCallMethod {
  return (BROWSER_CALL_METHODS as readonly unknown[]).includes(method);
}

function isTopic(topic: unknown): topic is PushTopic {
  return (TOPICS as readonly unknown[]).includes(topic);
}
