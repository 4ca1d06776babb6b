/**
 * The worker side of a guest's Spin host services: the app's stores and databases
 * opened in this thread (a key-value store once per label for the worker's life, a
 * SQLite connection per `open`), host calls posted to the main thread as they happen,
 * and address checks answered by it.
 */
import { NO_GRANTS, type GuestServices, type Grants, type KeyValueBackend, type SqliteBackend, type StoreLocation } from '../host/guest-services.js';
import type { WorkerOutboundLink } from './outbound-bridge.js';
import type { StoreLayoutData, WorkerMessage } from './worker-protocol.js';

/** How stores and databases are opened in this thread. */
export interface StoreOpeners {
  keyValue(location: StoreLocation, label: string): KeyValueBackend;
  sqlite(location: StoreLocation): SqliteBackend;
}

/** One worker's services, shared by the instances it runs one after another. */
export class WorkerServices {
  readonly services: GuestServices;
  #grants: Grants = NO_GRANTS;
  readonly #stores = new Map<string, KeyValueBackend>();

  constructor(layout: StoreLayoutData, imports: readonly string[], link: WorkerOutboundLink, post: (message: WorkerMessage) => void, openers: StoreOpeners) {
    const versions = new Map(imports.map((name) => [name.split('@')[0] ?? name, name]));
    this.services = {
      grants: () => this.#grants,
      keyValueLabels: [...layout.keyValue.keys()],
      sqliteLabels: [...layout.sqlite.keys()],
      captureLimit: layout.captureLimit,
      imported: (name) => versions.get(name) ?? name,
      openKeyValue: (label) => {
        let store = this.#stores.get(label);
        if (store === undefined) this.#stores.set(label, (store = openers.keyValue(locationOf(layout.keyValue, label), label)));
        return store;
      },
      openSqlite: (label) => openers.sqlite(locationOf(layout.sqlite, label)),
      record: (event) => post({ type: 'host-event', event }),
      checkAddress: (check) => link.checkAddress(check),
    };
  }

  /** The request about to be served may open what `grants` lists. */
  begin(grants: Grants): void {
    this.#grants = grants;
  }
}

// Host modules open only labels the app defines, so a miss here is a bug.
function locationOf(locations: ReadonlyMap<string, StoreLocation>, label: string): StoreLocation {
  const location = locations.get(label);
  if (location === undefined) throw new Error(`no store or database "${label}" is defined`);
  return location;
}
