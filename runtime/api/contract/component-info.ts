/** What an inspector is told of a component: its hosts as written and enforced, its stores and databases. */

/** One `allowed_outbound_hosts` entry: as written (variables unexpanded) and as enforced. */
export interface AllowedHostInfo {
  /** The entry as written in spin.toml, e.g. `https://{{ api_host }}`. */
  readonly raw: string;
  /** The entry with variables expanded; absent when it could not be resolved. */
  readonly resolved?: string;
}

/** A component of the running app, as the components panel shows it. */
export interface ComponentInfo {
  readonly id: string;
  readonly description?: string;
  /** Its HTTP routes; `private` ones are reachable only through `<id>.spin.internal`. */
  readonly routes: readonly { readonly route: string; readonly private: boolean }[];
  readonly allowedOutboundHosts: readonly AllowedHostInfo[];
  /** The key-value stores it may open (`key_value_stores`), as enforced now. */
  readonly keyValueStores: readonly string[];
  /** The SQLite databases it may open (`sqlite_databases`), as enforced now. */
  readonly sqliteDatabases: readonly string[];
  /**
   * True while any of its lists (allowed_outbound_hosts, key_value_stores,
   * sqlite_databases) holds a session change that spin.toml does not have.
   */
  readonly unsaved?: boolean;
}
