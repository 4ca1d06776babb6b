/** Requests an inspector sends to the app: a draft, the changes to a replayed one, and what came of it. */

import type { HeaderList } from '../events.js';

/**
 * A request for the app's listener, as an inspector builds it: sent whole by
 * `sendRequest`, or replacing parts of a recorded request in `replay` (see
 * `requestDraftProblem` in request-draft.ts for what each part may hold).
 */
export interface RequestDraft {
  /** An HTTP method, e.g. `GET` or `PATCH`. */
  readonly method: string;
  /** Path and query, starting with `/`, e.g. `/hello?name=x`. */
  readonly pathWithQuery: string;
  /**
   * Header name/value pairs in order. `host`, `connection`, `content-length`,
   * `transfer-encoding` and `keep-alive` belong to the connection and are refused.
   */
  readonly headers: HeaderList;
  /** The body, at most `MAX_SENT_BODY_BYTES`; none when absent. */
  readonly body?: Uint8Array;
}

/** What `replay` changes of a recorded request: each part given replaces the recorded one, `headers` as a whole list. */
export type ReplayChanges = Partial<RequestDraft>;

/** What sending a request to the app gave: by `replay` or `sendRequest`. */
export interface ReplayResult {
  /** The status the app answered with. */
  readonly status: number;
  /**
   * The trace the app recorded for the request, which also arrives on `onEvents`. Absent
   * when it recorded none: a path no route matches gets Spin's empty 404 and runs nothing,
   * and a request the listener cannot parse is answered 400 before routing.
   */
  readonly traceId?: string;
}
