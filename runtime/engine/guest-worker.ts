/**
 * Worker-thread entry: instantiates guests and handles one request at a time,
 * each on a fresh instance, keeping the next instance created in advance so
 * a request never waits for instantiation. An instance's linear memory may be
 * one an earlier clean request used, reset to a fresh instance's bytes (memory-pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SpinscopeError } from '../errors/spinscope-error.js';
import { WorkerChannel } from './worker-channel.js';
import { prepareGuest, type GuestInstance, type ResponseSink } from './guest-instance.js';
import { GuestTrap } from './guest-trap.js';
import { MemoryPool } from './memory-pool.js';
import { ResponseParts } from './response-parts.js';
import { inboundPhases } from './inbound-phases.js';
import { sharedNow } from './shared-clock.js';
import { WorkerServices } from './worker-services.js';
import type { HandleMessage, WorkerInit, WorkerMessage } from './worker-protocol.js';

if (parentPort === null) throw new Error('guest-worker.js must run in a worker thread');
const port = parentPort;
const post = (message: WorkerMessage): void => port.postMessage(message);
const init = workerData as WorkerInit;

// What the guest has answered so far goes out whenever it blocks, and when it returns.
const parts = new ResponseParts();
const channel = new WorkerChannel(post, init.replies, init.signal, () => {
  if (parts.pending) post({ type: 'response-part', part: parts.take() });
});
const hostServices = new WorkerServices(init.stores, init.imports, channel, post);
let createInstance: () => Promise<GuestInstance>;
let spare: GuestInstance;
/** When the spare instance was being created, which a request that waited meanwhile spent waiting for it. */
let instantiated = { from: 0, to: 0 };

async function prepareSpare(): Promise<void> {
  const from = sharedNow();
  spare = await createInstance();
  instantiated = { from, to: sharedNow() };
}

try {
  createInstance = await prepareGuest(init.gluePath, init.modules, new MemoryPool(init.memories), {
    outbound: channel,
    variables: init.variables,
    services: hostServices.services,
    files: init.files,
    environment: init.environment,
  });
  await prepareSpare();
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'load-failed', error: error instanceof SpinscopeError ? error.toJSON() : String(error) });
  process.exit(1);
}

port.on('message', async ({ request, body, responseTicket, grants, arrivedAt }: HandleMessage) => {
  const began = sharedNow();
  const instance = spare;
  channel.reset();
  hostServices.begin(grants);
  channel.follow(responseTicket);
  let head: number | undefined;
  const sink: ResponseSink = {
    head: (status, headers, bodyless) => {
      head = sharedNow();
      parts.head(status, headers, bodyless);
    },
    body: (bytes) => parts.body(bytes),
    abort: () => parts.abort(),
    taken: () => channel.taken(responseTicket),
  };
  try {
    const output = instance.handle(request, body instanceof Uint8Array ? body : channel.incomingBody(body.ticket), sink);
    const returned = sharedNow();
    const phases = inboundPhases({ arrived: arrivedAt, began, instantiated, head: head ?? returned, returned });
    post({ type: 'response', part: parts.take(), output, phases });
  } catch (error) {
    const trap = error instanceof GuestTrap ? error : new GuestTrap(String(error), { stderr: '' });
    post({ type: 'trap', message: trap.message, stderr: trap.stderr });
    return; // the main thread replaces this worker: a trapped guest may have left the host in any state
  }
  instance.recycle();
  await prepareSpare();
});
