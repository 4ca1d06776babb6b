import type { ComponentLoadOptions } from '../engine/index.js';
import type { EventStore, EventStoreOptions } from '../events/index.js';
import type { RuleBook } from '../rules/index.js';
import type { SqliteStatementArg } from '../runtime-config/index.js';
import type { LoadOptions } from './load-app.js';

/**
 * How to run an app, on top of how to load it; `maxTraces`, `maxEventBytes` and
 * `maxTraceBytes` bound the event store made when `events` is absent.
 */
export interface StartOptions extends LoadOptions, EventStoreOptions {
  /** `--listen` address; default `127.0.0.1:3000`, port 0 for any free port. */
  readonly listen?: string;
  /** Per-request guest timeout in ms; default 30 s. */
  readonly timeoutMs?: number;
  /** Bytes of each body kept in events; default 1 MiB. */
  readonly bodyCaptureLimit?: number;
  /** Engine settings shared by every component (transpile cache, worker script, concurrency). */
  readonly engine?: Pick<ComponentLoadOptions, 'cacheDir' | 'workerScript' | 'maxConcurrency'>;
  /** Where `{ url, digest }` sources are saved, by digest; defaults beside the transpile cache. */
  readonly downloadDir?: string;
  /** The store to record into, e.g. one kept across restarts; a new one (with the limits above) when absent. */
  readonly events?: EventStore;
  /** `--sqlite` statements, run once against their databases before the app serves (not again on reloads). */
  readonly sqliteStatements?: readonly SqliteStatementArg[];
  /** The outbound rules in force (docs/rules.md), read on every outbound request; none when absent. */
  readonly rules?: RuleBook;
}
