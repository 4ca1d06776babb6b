/**
 * The worker side of a guest's Spin host services: the app's stores and databases
 * opened in this thread (a key-value store once per label for the worker's life, a
 * SQLite connection per `open`, as Spin's factors do), host calls posted to the main
 * thread as they happen, and address checks answered by it.
 */
import { NO_GRANTS, type GuestServices, type Grants } from '../host/index.js';
import { openKeyValueStore, SqliteConnection, type KeyValueStore } from '../storage/index.js';
import type { WorkerChannel } from './worker-channel.js';
import type { StoreLayoutData, WorkerMessage } from './worker-protocol.js';

/** One worker's services, shared by the instances it runs one after another. */
export class WorkerServices {
  readonly services: GuestServices;
  #grants: Grants = NO_GRANTS;
  /** Opened stores by label; one that failed to open is tried again at the next `open`, as in Spin. */
  readonly #stores = new Map<string, KeyValueStore>();

  constructor(layout: StoreLayoutData, imports: readonly string[], link: WorkerChannel, post: (message: WorkerMessage) => void) {
    const versions = new Map(imports.map((name) => [name.split('@')[0] ?? name, name]));
    this.services = {
      grants: () => this.#grants,
      keyValueLabels: [...layout.keyValue.keys()],
      sqliteLabels: [...layout.sqlite.keys()],
      captureLimit: layout.captureLimit,
      imported: (name) => versions.get(name) ?? name,
      openKeyValue: (label) => {
        let store = this.#stores.get(label);
        if (store === undefined) this.#stores.set(label, (store = openKeyValueStore(defined(layout.keyValue, label), label)));
        return store;
      },
      openSqlite: (label) => {
        const { location, ...options } = defined(layout.sqlite, label);
        return new SqliteConnection(location, options);
      },
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
function defined<T>(labels: ReadonlyMap<string, T>, label: string): T {
  const found = labels.get(label);
  if (found === undefined) throw new Error(`no store or database "${label}" is defined`);
  return found;
}
