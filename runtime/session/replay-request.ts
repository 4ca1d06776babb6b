/**
 * Replaying a recorded inbound request: the same method, path, headers and body sent
 * to the app's listener again, so a developer can retry a request after allowing a host.
 */
import { request } from 'undici';
import type { ReplayResult } from '../api/contract.js';
import type { CapturedBody, InboundRequestEvent, SpinscopeEvent } from '../api/events.js';
import { SpinscopeError } from '../errors/spinscope-error.js';

/** A recorded request cannot be sent again as it was. */
export class ReplayError extends SpinscopeError {
  readonly code = 'SPINSCOPE_REPLAY';
}

// Set by the listener or the connection rather than by the client, so not replayed.
const NOT_REPLAYED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** Sends the inbound request that started `trace` to `origin` again and answers with its status. */
export async function replayRequest(trace: readonly SpinscopeEvent[], origin: string): Promise<ReplayResult> {
  const root = trace.find((event): event is InboundRequestEvent => event.kind === 'inbound.request' && event.parentId === undefined);
  if (root === undefined) throw new ReplayError('this trace has no recorded inbound request to replay (it may have been evicted from the event store)');
  const body = root.body ?? streamedBody(trace, root.id);
  if (body.truncated) {
    throw new ReplayError(`the request body was recorded only up to ${body.captured.byteLength} of ${body.size} bytes, so it cannot be replayed as sent`);
  }
  const headers = root.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    return !NOT_REPLAYED.has(lower) && !lower.startsWith('spin-');
  });
  const response = await request(new URL(root.pathWithQuery, origin), {
    method: root.method as 'GET',
    headers: headers.flatMap(([name, value]) => [name, value]),
    body: body.size > 0 ? body.captured : null,
  });
  await response.body.dump();
  return { status: response.statusCode };
}

/** A body that streamed in is recorded on the request's outcome, once the component has finished. */
function streamedBody(trace: readonly SpinscopeEvent[], requestId: string): CapturedBody {
  for (const event of trace) {
    if ((event.kind === 'inbound.response' || event.kind === 'inbound.error') && event.parentId === requestId && event.requestBody !== undefined) return event.requestBody;
  }
  throw new ReplayError('the request body is still arriving, so it cannot be replayed yet');
}
