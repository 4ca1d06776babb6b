import type { SpinscopeApi, Unsubscribe } from '../api/contract.js';
import type { BuildFinishedEvent, SpinscopeEvent } from '../api/events.js';
import { isDenial, type DenialEvent } from './explain-denial.js';

/** The resource listing new denials. */
export const DENIALS_URI = 'spinscope://alerts/denials';
/** The resource listing failed builds. */
export const FAILED_BUILDS_URI = 'spinscope://alerts/failed-builds';

/** How many of each the feed keeps; older ones are dropped and counted. */
export const MAX_DENIALS = 50;
export const MAX_FAILED_BUILDS = 10;

/** A denial as the resource lists it. */
export interface DenialAlert {
  readonly id: string;
  readonly traceId: string;
  readonly time: string;
  readonly kind: DenialEvent['kind'];
  readonly component: string;
  /** The URL or address denied, or the store or database label. */
  readonly target: string;
  readonly message: string;
  /** The entry (or label) to add. */
  readonly suggestion?: string;
}

/** A failed build as the resource lists it; build_output has its lines. */
export interface FailedBuildAlert {
  readonly traceId: string;
  readonly time: string;
  readonly component: string;
  readonly command: string;
  readonly exitCode?: number;
  readonly message?: string;
}

/** What one resource holds: the latest alerts, oldest first, and how many older ones were dropped. */
export interface AlertList<T> {
  readonly alerts: readonly T[];
  readonly dropped: number;
}

/**
 * The denials and failed builds recorded since the server started, kept within
 * {@link MAX_DENIALS} and {@link MAX_FAILED_BUILDS}; `changed` is told the resource's URI
 * each time one gains an alert, so the server can notify subscribers.
 */
export class AlertFeed {
  readonly #denials = new BoundedList<DenialAlert>(MAX_DENIALS);
  readonly #failedBuilds = new BoundedList<FailedBuildAlert>(MAX_FAILED_BUILDS);
  readonly #unsubscribe: Unsubscribe;

  constructor(api: SpinscopeApi, changed: (uri: string) => void) {
    this.#unsubscribe = api.onEvents((batch) => {
      let denied = false;
      let failed = false;
      for (const event of batch.events) {
        if (isDenial(event)) {
          this.#denials.push(denialAlert(event));
          denied = true;
        } else if (isFailedBuild(event)) {
          this.#failedBuilds.push(failedBuildAlert(event));
          failed = true;
        }
      }
      if (denied) changed(DENIALS_URI);
      if (failed) changed(FAILED_BUILDS_URI);
    });
  }

  get denials(): AlertList<DenialAlert> {
    return this.#denials.list();
  }

  get failedBuilds(): AlertList<FailedBuildAlert> {
    return this.#failedBuilds.list();
  }

  close(): void {
    this.#unsubscribe();
  }
}

class BoundedList<T> {
  readonly #items: T[] = [];
  readonly #limit: number;
  #dropped = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.#limit) {
      this.#items.shift();
      this.#dropped++;
    }
  }

  list(): AlertList<T> {
    return { alerts: [...this.#items], dropped: this.#dropped };
  }
}

function isFailedBuild(event: SpinscopeEvent): event is BuildFinishedEvent {
  return event.kind === 'build.finished' && !event.ok;
}

function denialAlert(event: DenialEvent): DenialAlert {
  const base = { id: event.id, traceId: event.traceId, time: new Date(event.time).toISOString(), kind: event.kind, component: event.component };
  if (event.kind !== 'outbound.denied') return { ...base, target: event.label, message: event.message, ...(event.suggestion === undefined ? {} : { suggestion: event.suggestion }) };
  const { explanation } = event;
  return { ...base, target: event.url, message: explanation.denial?.message ?? `denied ${event.url}`, ...(explanation.suggestion === undefined ? {} : { suggestion: explanation.suggestion }) };
}

function failedBuildAlert(event: BuildFinishedEvent): FailedBuildAlert {
  return {
    traceId: event.traceId,
    time: new Date(event.time).toISOString(),
    component: event.component,
    command: event.command,
    ...(event.exitCode === undefined ? {} : { exitCode: event.exitCode }),
    ...(event.error === undefined ? {} : { message: event.error.message }),
  };
}
