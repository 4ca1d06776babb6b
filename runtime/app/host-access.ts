/**
 * What a component may reach besides HTTP, decided on the main thread for each request
 * of one app generation: its grants (key_value_stores, sqlite_databases, ai_models) as
 * enforced now, and whether `allowed_outbound_hosts` lets the address of a redis,
 * postgres, mysql or mqtt connection through (each interface checks the address with
 * its own default scheme, spec §7.35, §11.50); a denial is recorded and explained like
 * an HTTP one, with Spin's three lines (spec §12.54).
 */
import { newEventId, type EventSink } from '../events/index.js';
import type { AddressCheck, AddressVerdict, Grants } from '../engine/index.js';
import { AllowedHosts, spinDenialLines } from '../permissions/index.js';
import type { TraceParent } from '../dispatcher/index.js';
import type { LoadedApp } from './load-app.js';

const NOTHING_ALLOWED = AllowedHosts.parse([]);

/** One generation's answers, read live: a session edit is in force for the next request. */
export class HostAccess {
  readonly #app: () => LoadedApp;
  readonly #events: EventSink;

  constructor(app: () => LoadedApp, events: EventSink) {
    this.#app = app;
    this.#events = events;
  }

  /** `component`'s grants as enforced now. */
  grants(component: string): Grants {
    const manifest = this.#app().manifest.components.get(component);
    return {
      keyValueStores: manifest?.keyValueStores ?? [],
      sqliteDatabases: manifest?.sqliteDatabases ?? [],
      aiModels: manifest?.aiModels ?? [],
    };
  }

  /** Checks `check.address` for `component`, publishing `outbound.denied` in `trace` when it is denied. */
  checkAddress(component: string, check: AddressCheck, trace: TraceParent): AddressVerdict {
    const policy = this.#app().policies.get(component) ?? NOTHING_ALLOWED;
    const allowedBy = policy.allowedBy(check.address, check.scheme);
    if (allowedBy !== undefined) return { allowed: true, allowedBy };
    const explanation = policy.explain(check.address, check.scheme);
    const { destination, suggestion } = explanation;
    this.#events.publish({
      kind: 'outbound.denied',
      id: newEventId(),
      time: Date.now(),
      ...trace,
      component,
      url: check.address,
      explanation,
      // As for HTTP, Spin prints its lines only for a plain "not allowed" (spec §7.34, §11.50).
      ...(destination !== undefined && suggestion !== undefined ? { spinLines: spinDenialLines(destination) } : {}),
      interface: check.interface,
    });
    return { allowed: false };
  }
}
