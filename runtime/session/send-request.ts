/**
 * Sending a request to the app's own listener, as a client would, for an inspector (a
 * replay, an edited resend, the first-run button), and finding the trace the app
 * recorded for it: the listener records each request's client address in the
 * `spin-client-addr` header it adds, and this client's port is its own while the
 * exchange lasts.
 */
import { METHODS } from 'node:http';
import type { Socket } from 'node:net';
import { buildConnector, Client } from 'undici';
import type { ReplayResult, RequestDraft } from '../api/contract.js';
import type { InboundRequestEvent } from '../api/events.js';
import { requestDraftProblem } from '../api/request-draft.js';
import type { EventStore } from '../events/index.js';
import { InvalidRequestError } from './invalid-request-error.js';

const connect = buildConnector({});

/**
 * Sends `draft` to the listener at `origin` and resolves to the status it answered and
 * the trace the app recorded in `events` for it (none for a request that was never routed).
 * @throws {InvalidRequestError} before sending anything, for a part that cannot be sent.
 */
export async function sendToApp(draft: RequestDraft, origin: string, events: EventStore): Promise<ReplayResult> {
  const problem = requestDraftProblem(draft);
  if (problem !== undefined) throw new InvalidRequestError(problem);
  // Node's HTTP parser, which the listener uses, answers 400 to any other method (Spin's hyper takes any token).
  if (!METHODS.includes(draft.method)) {
    throw new InvalidRequestError({ part: 'method', message: `the app's listener (Node's HTTP parser) accepts only these methods, in capitals: ${METHODS.join(', ')}` });
  }
  const roots: InboundRequestEvent[] = [];
  const stopObserving = events.observe({
    recorded: (event) => {
      if (event.kind === 'inbound.request' && event.parentId === undefined) roots.push(event);
    },
    evicted: () => undefined,
  });
  let clientPort: number | undefined;
  const client = new Client(origin, {
    connect: (options, callback) =>
      connect(options, (...args) => {
        clientPort = (args[1] as Socket | null)?.localPort;
        callback(...args);
      }),
  });
  try {
    const response = await client.request({
      path: draft.pathWithQuery,
      method: draft.method,
      headers: draft.headers.flatMap(([name, value]) => [name, value]),
      body: draft.body ?? null,
    });
    // Read to the end, as a client would, so the app records the response as delivered
    // (a dump's default limit would cut a large one off).
    await response.body.dump({ limit: Number.MAX_SAFE_INTEGER });
    const recorded = roots.find((event) => clientPort !== undefined && portOf(event) === clientPort);
    return { status: response.statusCode, ...(recorded === undefined ? {} : { traceId: recorded.traceId }) };
  } finally {
    stopObserving();
    await client.close();
  }
}

/** The client port in the `spin-client-addr` the listener added (the last one: a client may send its own). */
function portOf(event: InboundRequestEvent): number | undefined {
  const address = event.headers.findLast(([name]) => name === 'spin-client-addr')?.[1];
  const port = address === undefined ? undefined : Number(address.slice(address.lastIndexOf(':') + 1));
  return port === undefined || Number.isNaN(port) ? undefined : port;
}
