/**
 * The typed, v2-normalised form of `spin.toml`. Everything downstream reads these
 * types; nothing downstream reads TOML.
 */

/** An application variable from `[variables]` (spec §14.59). */
export interface VariableDeclaration {
  readonly name: string;
  readonly description?: string;
  readonly required: boolean;
  readonly default?: string;
  readonly secret: boolean;
}

/** Where a component's Wasm comes from (spec §15.65 `source`). */
export type ComponentSource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string; readonly digest: string }
  | { readonly kind: 'registry'; readonly registry?: string; readonly package: string; readonly version: string };

/** One `files` entry: a glob relative to the manifest, or a `{ source, destination }` directory mapping. */
export type FileMount =
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'placement'; readonly source: string; readonly destination: string };

/** `[component.<id>].build`: what `spin build` and `spin watch` use. */
export interface BuildConfig {
  /** A string `command` becomes a one-element array. */
  readonly command: readonly string[];
  readonly workdir?: string;
  readonly watch: readonly string[];
}

/** One `[component.<id>]`, or an inline component given a generated id (spec §15.67). */
export interface ComponentManifest {
  readonly id: string;
  /** A `path` source is absolute, resolved against the manifest's directory. */
  readonly source: ComponentSource;
  readonly description?: string;
  /**
   * Raw entries, templates unresolved, with converted legacy `allowed_http_hosts`
   * appended. Not validated here: Spin's loader does that, not its manifest parser
   * (spec §15.65).
   */
  readonly allowedOutboundHosts: readonly string[];
  /** Line of the `allowed_outbound_hosts` key (else of the component), for errors about its entries. */
  readonly allowedOutboundHostsLine?: number;
  /** Component variable name to `{{ template }}` (spec §15.65). */
  readonly variables: ReadonlyMap<string, string>;
  readonly environment: ReadonlyMap<string, string>;
  readonly files: readonly FileMount[];
  readonly excludeFiles: readonly string[];
  readonly keyValueStores: readonly string[];
  /** Line of the `key_value_stores` key (else of the component), for errors about its labels. */
  readonly keyValueStoresLine?: number;
  readonly sqliteDatabases: readonly string[];
  /** Line of the `sqlite_databases` key (else of the component), for errors about its labels. */
  readonly sqliteDatabasesLine?: number;
  readonly aiModels: readonly string[];
  readonly build?: BuildConfig;
  /** Line of the component's table header, or of the trigger's `component` key when inline. */
  readonly line?: number;
}

/** How an HTTP trigger is reached: a path pattern, or only by service chaining (spec §10.46). */
export type HttpRoute = { readonly kind: 'path'; readonly pattern: string } | { readonly kind: 'private' };

/** One `[[trigger.http]]` that runs a component. */
export interface HttpTrigger {
  /** The trigger's `id`, or the one Spin generates (spec §15.67). */
  readonly id: string;
  /** A `path` pattern always starts with `/` (spec §15.64). */
  readonly route: HttpRoute;
  readonly component: string;
  readonly executor?: 'http' | 'spin' | 'wagi';
  readonly line?: number;
}

/** A whole application, immutable and v2-normalised. */
export interface AppManifest {
  /** Absolute path of the `spin.toml`. */
  readonly file: string;
  /** Absolute path of the directory holding it; relative paths resolve against this. */
  readonly dir: string;
  readonly name: string;
  readonly version?: string;
  readonly description?: string;
  readonly authors: readonly string[];
  readonly variables: ReadonlyMap<string, VariableDeclaration>;
  /** In manifest order, inline components last (spec §15.67). */
  readonly components: ReadonlyMap<string, ComponentManifest>;
  readonly httpTriggers: readonly HttpTrigger[];
  /** Always `/`: any other `application.trigger.http.base` is an error (spec §15.64). */
  readonly httpBase: string;
}

/** An {@link AppManifest} before it is placed on disk: what the v1 and v2 readers produce. */
export type ManifestBody = Omit<AppManifest, 'file' | 'dir'>;

/** Something Spin accepts but would warn about, or that Spinscope does not model. */
export interface ManifestWarning {
  /** Starts with `file[:line]` like a {@link ManifestError} message. */
  readonly message: string;
  readonly file: string;
  readonly line?: number;
  readonly component?: string;
}

/** What `loadManifest` and `parseManifest` return. */
export interface LoadedManifest {
  readonly manifest: AppManifest;
  readonly warnings: ManifestWarning[];
}
