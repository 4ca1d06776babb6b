/**
 * Replaying a recorded inbound request: the same method, path, headers and body, or
 * some of them changed, so a developer can retry a request after allowing a host, or
 * try a variation of it.
 */
import type { ReplayChanges, RequestDraft } from '../api/contract.js';
import type { CapturedBody, InboundRequestEvent, SpinscopeEvent } from '../api/events.js';
import { replayableHeaders } from '../api/request-draft.js';
import { SpinscopeError } from '../errors/spinscope-error.js';

/** A recorded request cannot be sent again as it was. */
export class ReplayError extends SpinscopeError {
  readonly code = 'SPINSCOPE_REPLAY';
}

/**
 * The request that started `trace`, as recorded, with the parts `changes` gives in
 * place of the recorded ones. The listener's own headers (`spin-*`) and those of the
 * connection are not part of it; the recorded body is needed only when `changes` has none.
 */
export function replayDraft(trace: readonly SpinscopeEvent[], changes: ReplayChanges = {}): RequestDraft {
  const root = trace.find((event): event is InboundRequestEvent => event.kind === 'inbound.request' && event.parentId === undefined);
  if (root === undefined) throw new ReplayError('this trace has no recorded inbound request to replay (it may have been evicted from the event store)');
  const headers = changes.headers ?? replayableHeaders(root.headers);
  const body = changes.body ?? recordedBody(trace, root);
  return {
    method: changes.method ?? root.method,
    pathWithQuery: changes.pathWithQuery ?? root.pathWithQuery,
    headers,
    ...(body.byteLength > 0 ? { body } : {}),
  };
}

function recordedBody(trace: readonly SpinscopeEvent[], root: InboundRequestEvent): Uint8Array {
  const body = root.body ?? streamedBody(trace, root.id);
  if (body.truncated) {
    throw new ReplayError(`the request body was recorded only up to ${body.captured.byteLength} of ${body.size} bytes, so it cannot be replayed as sent; give a new body to send instead`);
  }
  return body.captured;
}

/** A body that streamed in is recorded on the request's outcome, once the component has finished. */
function streamedBody(trace: readonly SpinscopeEvent[], requestId: string): CapturedBody {
  for (const event of trace) {
    if ((event.kind === 'inbound.response' || event.kind === 'inbound.error') && event.parentId === requestId && event.requestBody !== undefined) return event.requestBody;
  }
  throw new ReplayError('the request body is still arriving, so it cannot be replayed yet');
}
