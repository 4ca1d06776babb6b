import { decodeMessage, encodeMessage, type ClientMessage, type ServerMessage } from '../api/bridge-protocol.js';
import {
  BROWSER_CALL_METHODS,
  SPINSCOPE_API_VERSION,
  type AppStatus,
  type BrowserCallMethod,
  type EventBatch,
  type EventPage,
  type EventPageRequest,
  type PushTopic,
  type SpinscopeApi,
  type Unsubscribe,
} from '../api/contract.js';
import type { EventFilter } from '../api/events.js';
import { ApiCallError, DISCONNECTED, UNAUTHORIZED } from './api-call-error.js';
import { ListenerSet } from './listener-set.js';

/** The part of the DOM `WebSocket` the client uses (the `ws` package's socket has it too). */
export type BridgeSocket = Pick<WebSocket, 'readyState' | 'onopen' | 'onmessage' | 'onclose' | 'onerror' | 'send' | 'close'>;

/** Options for {@link WebSocketApi}. */
export interface WebSocketApiOptions {
  /** Opens a socket; the browser's `WebSocket` by default. */
  readonly createSocket?: (url: string) => BridgeSocket;
  /** First reconnect delay, doubled per failed attempt up to `maxDelayMs`; default 250 ms. */
  readonly initialDelayMs?: number;
  /** Longest reconnect delay; default 5 s. */
  readonly maxDelayMs?: number;
  /**
   * Asked after a socket failed to open: whether the bridge refused this client's token
   * (a browser's WebSocket cannot tell that from a bridge that is down). When it says
   * so, the client stops retrying and reports `unauthorized`.
   */
  readonly refused?: () => Promise<boolean>;
}

/**
 * Whether the transport currently reaches the runtime; `unauthorized` when the bridge
 * refused the token (it restarted with a new one): final, the page needs the new address.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

const OPEN = 1;

interface PendingCall {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: ApiCallError) => void;
}

/**
 * `SpinscopeApi` over the WebSocket of `spinscope ui` (see runtime/api/bridge-protocol.ts).
 * Calls carry ids and resolve when their answer arrives; local `onEvents`/`onStatus`
 * listeners share one server subscription per topic. When the socket drops it reconnects
 * with exponential backoff, subscribes again and replays `events()`, page by page, to
 * event listeners, so nothing recorded meanwhile is missed (listeners drop ids they have
 * seen); then, if the store evicted anything meanwhile, it reports as evicted the traces
 * it had delivered that the store no longer holds, so listeners drop them as they do for
 * live batches (a restarted `spinscope ui` evicted nothing: its rows from before stay).
 * It stops for good once the bridge refuses its token.
 *
 * Every call but `events` and `clearEvents`, which keep track of traces, is the same
 * message: it is defined once, for each method of the contract's table a browser has.
 */
// The interface declares the calls the class defines from the table (TypeScript's mixin pattern).
export interface WebSocketApi extends SpinscopeApi {}
export class WebSocketApi implements SpinscopeApi {
  static {
    for (const method of BROWSER_CALL_METHODS) {
      if (Object.hasOwn(WebSocketApi.prototype, method)) continue;
      Object.defineProperty(WebSocketApi.prototype, method, {
        value(this: WebSocketApi, ...args: unknown[]): Promise<unknown> {
          return this.#call(method, withoutTrailingUndefined(args));
        },
        writable: true,
        configurable: true,
      });
    }
  }

  readonly version = SPINSCOPE_API_VERSION;
  readonly #url: string;
  readonly #createSocket: (url: string) => BridgeSocket;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #refused: () => Promise<boolean>;
  readonly #pending = new Map<number, PendingCall>();
  readonly #outbox: string[] = [];
  readonly #events = new ListenerSet<EventBatch>();
  readonly #status = new ListenerSet<AppStatus>();
  readonly #connection = new ListenerSet<ConnectionState>();
  /** Traces delivered to event listeners and not evicted since. */
  readonly #traces = new Set<string>();
  /** While catching up after a reconnect: the traces delivered since it. */
  #seenSinceReconnect: Set<string> | undefined;
  /** The store's eviction count as last heard. */
  #evicted = 0;
  #socket: BridgeSocket | undefined;
  #nextId = 1;
  #failedAttempts = 0;
  #everOpened = false;
  #closed = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #state: ConnectionState = 'connecting';

  constructor(url: string, options: WebSocketApiOptions = {}) {
    this.#url = url;
    this.#createSocket = options.createSocket ?? ((socketUrl) => new WebSocket(socketUrl));
    this.#initialDelayMs = options.initialDelayMs ?? 250;
    this.#maxDelayMs = options.maxDelayMs ?? 5000;
    this.#refused = options.refused ?? (() => Promise.resolve(false));
    this.#connect();
  }

  events(filter?: EventFilter, page?: EventPageRequest): Promise<EventPage> {
    const args = page === undefined ? (filter === undefined ? [] : [filter]) : [filter ?? {}, page];
    return (this.#call('events', args) as Promise<EventPage>).then((answer) => {
      this.#noteTraces(answer.events);
      this.#evicted = answer.evicted;
      return answer;
    });
  }
  async clearEvents(): Promise<void> {
    await this.#call('clearEvents');
    this.#traces.clear();
  }

  onEvents(listener: (batch: EventBatch) => void): Unsubscribe {
    return this.#listen('events', this.#events, listener);
  }
  onStatus(listener: (status: AppStatus) => void): Unsubscribe {
    return this.#listen('status', this.#status, listener);
  }

  /** Reports every change of the connection's state, starting with the current one. */
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe {
    listener(this.#state);
    return this.#connection.add(listener);
  }

  /** Closes the socket for good and rejects calls still waiting. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    this.#socket?.close();
    this.#failPending();
  }

  #listen<T>(topic: PushTopic, listeners: ListenerSet<T>, listener: (value: T) => void): Unsubscribe {
    if (listeners.size === 0) this.#send({ type: 'subscribe', topic });
    const remove = listeners.add(listener);
    return () => {
      if (remove() && listeners.size === 0) this.#send({ type: 'unsubscribe', topic });
    };
  }

  #call(method: BrowserCallMethod, args: readonly unknown[] = []): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new ApiCallError(DISCONNECTED));
      if (this.#state === 'unauthorized') return reject(new ApiCallError(UNAUTHORIZED));
      this.#pending.set(id, { resolve, reject });
      this.#send({ type: 'call', id, method, args });
    });
  }

  #send(message: ClientMessage): void {
    const frame = encodeMessage(message);
    if (this.#socket?.readyState === OPEN) this.#socket.send(frame);
    else if (message.type === 'call') this.#outbox.push(frame);
    // Subscriptions are not queued: every (re)connect subscribes to the topics that have listeners.
  }

  #connect(): void {
    this.#setState('connecting');
    const socket = this.#createSocket(this.#url);
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#opened(socket);
    };
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = () => void this.#dropped(socket, opened);
    socket.onerror = () => undefined; // a close always follows, and reconnecting happens there
  }

  #opened(socket: BridgeSocket): void {
    const reconnected = this.#everOpened;
    this.#everOpened = true;
    this.#failedAttempts = 0;
    this.#setState('open');
    if (this.#events.size > 0) this.#send({ type: 'subscribe', topic: 'events' });
    if (this.#status.size > 0) this.#send({ type: 'subscribe', topic: 'status' });
    for (const frame of this.#outbox.splice(0)) socket.send(frame);
    if (reconnected) this.#catchUp();
  }

  // Live events sent while we were away are lost; the store still has them (unless evicted).
  #catchUp(): void {
    if (this.#events.size > 0) this.#catchUpEvents().catch(() => undefined);
    if (this.#status.size > 0) this.status().then((status) => this.#status.emit(status), () => undefined);
  }

  async #catchUpEvents(): Promise<void> {
    const seen = new Set<string>();
    const known = [...this.#traces];
    const evictedBefore = this.#evicted;
    this.#seenSinceReconnect = seen;
    let page: EventPage;
    let after: string | undefined;
    do {
      page = await this.events(undefined, after === undefined ? {} : { after });
      // Another reconnect started its own catch-up.
      if (this.#seenSinceReconnect !== seen) return;
      this.#emitEvents({ events: page.events, evictedTraceIds: [], evicted: page.evicted, evictedBytes: page.evictedBytes });
      after = page.next;
    } while (after !== undefined);
    this.#seenSinceReconnect = undefined;
    // Neither the store's history nor a live batch since the reconnect had them: evicted while
    // we were away, if the store evicted anything meanwhile. If it did not, this is another
    // store (spinscope ui was restarted) and what was shown stays.
    const gone = known.filter((traceId) => !seen.has(traceId) && this.#traces.has(traceId));
    if (gone.length > 0 && page.evicted > evictedBefore) this.#emitEvents({ events: [], evictedTraceIds: gone, evicted: page.evicted, evictedBytes: page.evictedBytes });
  }

  #emitEvents(batch: EventBatch): void {
    this.#evicted = batch.evicted;
    for (const traceId of batch.evictedTraceIds) this.#traces.delete(traceId);
    this.#noteTraces(batch.events);
    this.#events.emit(batch);
  }

  #noteTraces(events: EventPage['events']): void {
    for (const event of events) {
      this.#traces.add(event.traceId);
      this.#seenSinceReconnect?.add(event.traceId);
    }
  }

  async #dropped(socket: BridgeSocket, opened: boolean): Promise<void> {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    const refused = !opened && !this.#closed && (await this.#refused());
    this.#failPending(refused ? UNAUTHORIZED : DISCONNECTED);
    if (refused) return this.#setState('unauthorized');
    if (this.#closed) return this.#setState('closed');
    this.#setState(this.#everOpened ? 'closed' : 'connecting');
    const delay = Math.min(this.#maxDelayMs, this.#initialDelayMs * 2 ** this.#failedAttempts++);
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return;
    const message = decodeMessage(data) as ServerMessage;
    switch (message.type) {
      case 'result':
      case 'error': {
        const call = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.type === 'result') call?.resolve(message.value);
        else call?.reject(new ApiCallError(message.error));
        return;
      }
      case 'events':
        return this.#emitEvents(message.batch);
      case 'status':
        return this.#status.emit(message.status);
    }
  }

  #failPending(problem = DISCONNECTED): void {
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    this.#outbox.length = 0;
    for (const call of calls) call.reject(new ApiCallError(problem));
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#connection.emit(state);
  }
}

/** A call's arguments as sent: JSON has no `undefined`, so left-out optional arguments at the end go. */
function withoutTrailingUndefined(args: readonly unknown[]): readonly unknown[] {
  let length = args.length;
  while (length > 0 && args[length - 1] === undefined) length--;
  return args.slice(0, length);
}
