import type { InboundRequestEvent, SpinscopeEvent } from '../api/events.js';

/**
 * Turns events into `spinscope up`'s log: one line per finished inbound request,
 * outbound call, chain hop and guest log line, and Spin's own three lines for a
 * denial (spec §12.54), so the output reads like `spin up` with the traffic added.
 */
export class LiveLog {
  /** Inbound requests still running, to print their method and path when they finish. */
  readonly #pending = new Map<string, InboundRequestEvent>();

  /** The lines to print for `event`; none for events that only open a request. */
  linesFor(event: SpinscopeEvent): string[] {
    switch (event.kind) {
      case 'inbound.request':
        this.#pending.set(event.id, event);
        return event.chainedFrom === undefined ? [] : [`  chain ${event.chainedFrom} -> ${event.component} ${event.method} ${event.pathWithQuery}`];
      case 'inbound.response':
        return [`${this.#finish(event.parentId)} -> ${event.component} ${event.status} ${event.timings.end - event.timings.start}ms ${event.body.size}B`];
      case 'inbound.error':
        return [`${this.#finish(event.parentId)} -> ${event.component} 500 (${event.error.name}: ${event.error.message})`];
      case 'outbound.response':
        return [`  ${event.component} -> ${event.url} ${event.status} ${event.timings.end - event.timings.start}ms ${event.body.size}B`];
      case 'outbound.error':
        return [`  ${event.component} -> ${event.url} failed: ${event.error.message} (guest sees ${event.guestError})`];
      case 'outbound.denied':
        return [`  ${event.component} -> ${event.url} DENIED`, ...(event.spinLines?.slice(1) ?? [`  ${event.explanation.denial?.message ?? ''}`])];
      case 'guest.log':
        return [`  [${event.component} ${event.stream}] ${event.line}`];
      case 'app.failed':
        return [`Error: ${event.error.message}`];
      case 'outbound.request':
      case 'chain.hop':
      case 'app.loaded':
        return [];
    }
  }

  /** `METHOD path` of a finished inbound request, indented when it was a chained hop. */
  #finish(requestId: string | undefined): string {
    const request = requestId === undefined ? undefined : this.#pending.get(requestId);
    if (requestId !== undefined) this.#pending.delete(requestId);
    if (request === undefined) return '?';
    return `${request.chainedFrom === undefined ? '' : '    '}${request.method} ${request.pathWithQuery}`;
  }
}
