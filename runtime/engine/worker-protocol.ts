/** Messages between the main thread and a guest worker (all structured-cloneable). */
import type { MessagePort } from 'node:worker_threads';
import type { HttpErrorCode, OutboundResult, RequestHead, ResponseHead } from '../http/index.js';
import type { AddressCheck, AddressVerdict, BodyClose, Grants, HostEvent, MountedFiles, SentRequest } from '../host/index.js';
import type { SqliteOptions, StoreLocation } from '../storage/index.js';
import type { SerializedError } from '../errors/spinscope-error.js';
import type { InboundPhases } from '../api/events.js';
import type { MemoryShape } from './import-memories.js';

/** `workerData` for a guest worker. */
export interface WorkerInit {
  gluePath: string;
  /** Core modules compiled once on the main thread, by file name. */
  modules: Record<string, WebAssembly.Module>;
  /** Per core module, the memories it imports (rewritten by `importMemories`), which the worker pools. */
  memories: Record<string, MemoryShape[]>;
  /** Where the main thread posts outbound results (see worker-channel.ts). */
  replies: MessagePort;
  /** Incremented by the main thread after each outbound result it posts. */
  signal: Int32Array;
  /** The component's resolved `variables`, handed to every instance. */
  variables: ReadonlyMap<string, string>;
  /** The interfaces the component imports, versioned (`spin:sqlite/sqlite@3.0.0`). */
  imports: readonly string[];
  /** The app's stores and databases: where each label lives. */
  stores: StoreLayoutData;
  /** The component's `files`, preopened read-only as `/` in every instance. */
  files?: MountedFiles | undefined;
  /** The component's environment, handed to every instance through `wasi:cli/environment`. */
  environment: readonly (readonly [string, string])[];
}

/** Every key-value store and SQLite database label the app defines, with where it lives. */
export interface StoreLayoutData {
  readonly keyValue: ReadonlyMap<string, StoreLocation>;
  readonly sqlite: ReadonlyMap<string, { readonly location: StoreLocation } & SqliteOptions>;
  /** Bytes of a value or blob kept in the events host calls report. */
  readonly captureLimit: number;
}

/** Main thread -> worker. */
export interface HandleMessage {
  type: 'handle';
  request: RequestHead;
  /** The body whole, or the ticket under which it arrives on the outbound port (negative, unlike outbound tickets). */
  body: Uint8Array | { ticket: number };
  /** The ticket under which the main thread reports how much of the response body the client has taken. */
  responseTicket: number;
  /** What the component may open while serving this request (its lists as enforced now). */
  grants: Grants;
  /** When the request reached the engine, in `sharedNow()` milliseconds. */
  arrivedAt: number;
}

/** What a guest printed while it served a request. */
export interface GuestOutput {
  stdout: string;
  stderr: string;
}

/** How a guest finished a request: what it printed, and how long each phase of serving it took. */
export interface GuestFinish extends GuestOutput {
  readonly phases: InboundPhases;
}

/** More of the guest's response: its head (once, first) and body bytes written since the last part. */
export interface ResponsePart {
  /** `bodyless`: set without the body ever taken, so the response has none. */
  head?: ResponseHead & { bodyless?: true };
  bytes?: Uint8Array;
  /** The guest dropped the body unfinished: the response fails here. */
  aborted?: true;
}

/** Worker -> main thread. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'load-failed'; error: SerializedError | string }
  /** Sent before the guest blocks, so what it has written so far reaches the client. */
  | { type: 'response-part'; part: ResponsePart }
  /** The guest returned: the last of its response, what it printed, and how long serving it took. */
  | { type: 'response'; part: ResponsePart; output: GuestOutput; phases: InboundPhases }
  | { type: 'trap'; message: string; stderr: string }
  /** With `bodyOpen`, the guest is still writing the body: more follows in `outbound-body` messages. */
  | { type: 'outbound'; ticket: number; request: SentRequest; bodyOpen?: true }
  /** More of an open request body, sent when the guest blocks; then how the guest closed it. */
  | { type: 'outbound-body'; ticket: number; bytes?: Uint8Array; close?: BodyClose }
  /** The guest read `bytes` more of the body under `ticket`: an outbound response's, or its own request's. */
  | { type: 'taken'; ticket: number; bytes: number }
  /** A Spin host call the guest made (key-value, SQLite, an unsupported interface): recorded, never answered. */
  | { type: 'host-event'; event: HostEvent }
  /** The guest waits for whether `allowed_outbound_hosts` lets this address through; answered under `ticket`. */
  | { type: 'address-check'; ticket: number; check: AddressCheck };

/** What happened to an arriving body since the last message about it. */
export interface BodyUpdate {
  bytes?: Uint8Array;
  end?: true;
  error?: HttpErrorCode;
}

/**
 * Main thread -> worker, on the outbound port: the result of the request with `ticket`
 * (a response's head with the body received so far), then more of that body; or more
 * of the inbound request's body, under its own ticket; or how many more bytes the reader
 * of a body the guest writes (an open request body, or its response) has taken; or the
 * verdict on an address the guest's redis/postgres/mysql/mqtt interface wants to reach.
 */
export type ChannelReply =
  | { ticket: number; result: OutboundResult<ResponseHead>; body?: BodyUpdate }
  | { ticket: number; body: BodyUpdate }
  | { ticket: number; taken: number }
  | { ticket: number; verdict: AddressVerdict };
