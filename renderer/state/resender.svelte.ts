import type { ReplayChanges, ReplayResult, RequestDraft, RouteInfo, SpinscopeApi } from '../../runtime/api/contract.js';
import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import type { AppSession } from './app-session.svelte.js';
import { compareTraces, type TraceComparison } from './trace-comparison.js';
import type { TrafficRow } from '../../runtime/traffic/traffic-row.js';
import type { TrafficState } from './traffic.svelte.js';

/** How sending a request went: the app's answer and its trace, or why it could not be sent. */
export type ResendOutcome = ({ readonly ok: true } & ReplayResult) | { readonly ok: false; readonly message: string };

/**
 * Requests the inspector sends to the app: replays (as recorded or edited) and the
 * first-run requests. It remembers which trace each replay replayed, to compare the
 * two, and the newest replay's trace until its first row shows, to select it.
 */
export class Resender {
  /** The newest replay's trace, until `follow` has selected it. */
  awaiting: string | undefined = $state();
  /** Replayed trace id -> the trace it replayed. */
  #originals: ReadonlyMap<string, string> = $state.raw(new Map());
  readonly #api: SpinscopeApi;
  readonly #traffic: TrafficState;
  readonly #session: AppSession;

  constructor(api: SpinscopeApi, traffic: TrafficState, session: AppSession) {
    this.#api = api;
    this.#traffic = traffic;
    this.#session = session;
  }

  /** Where the app serves, e.g. `http://127.0.0.1:3000`; undefined while it does not. */
  get origin(): string | undefined {
    return this.#session.status?.origin;
  }

  /** The app's public routes. */
  get routes(): readonly RouteInfo[] {
    return this.#session.status?.routes ?? [];
  }

  /** Sends the inbound request of trace `traceId` again, with `changes`; its new trace is selected once it shows. */
  async replay(traceId: string, changes?: ReplayChanges): Promise<ResendOutcome> {
    const outcome = await attempt(() => (changes === undefined ? this.#api.replay(traceId) : this.#api.replay(traceId, changes)));
    if (outcome.ok && outcome.traceId !== undefined) {
      this.#originals = new Map(this.#originals).set(outcome.traceId, traceId);
      this.awaiting = outcome.traceId;
    }
    return outcome;
  }

  /** Sends `request` to the app, as a client would. */
  send(request: RequestDraft): Promise<ResendOutcome> {
    return attempt(() => this.#api.sendRequest(request));
  }

  /** For the first row of a replay: its trace beside the trace it replayed, while both are held. */
  comparison(row: TrafficRow): TraceComparison | undefined {
    const original = row.parentId === undefined ? this.#originals.get(row.traceId) : undefined;
    if (original === undefined) return undefined;
    const before = this.#traffic.traceRows(original);
    return before.length === 0 ? undefined : compareTraces(before, this.#traffic.traceRows(row.traceId));
  }

  /** Opens the row `rowId` in the detail pane. */
  open(rowId: string): void {
    this.#traffic.openDetail(rowId);
  }

  /**
   * Opens the awaited replay's first row once it is there (the trace may arrive after
   * `replay` answers). Reads the traffic's rows, so an effect calling it runs again as
   * rows arrive.
   */
  follow(): void {
    const traceId = this.awaiting;
    if (traceId === undefined) return;
    const root = this.#traffic.traceRows(traceId)[0];
    if (root === undefined) return;
    this.awaiting = undefined;
    this.#traffic.openDetail(root.id);
  }
}

async function attempt(send: () => Promise<ReplayResult>): Promise<ResendOutcome> {
  try {
    return { ok: true, ...(await send()) };
  } catch (error) {
    return { ok: false, message: problemMessage(error) };
  }
}
