import { ManifestError, parseManifest, readManifestText, type AppManifest, type ComponentManifest, type ManifestWarning } from '../manifest/index.js';
import { AllowedHostError, type AllowedHosts } from '../permissions/index.js';
import { resolveComponentVariables, resolveVariables, type ResolvedVariables } from '../variables/index.js';
import type { MountedFiles } from '../engine/index.js';
import { checkStoreLabels, loadRuntimeConfig, prepareStoreDirs, resolveStoreLayout, type StoreLayout } from '../runtime-config/index.js';
import { compileComponentHosts, validateComponentHosts } from './component-policy.js';
import { resolveFileMounts } from './file-mounts.js';
import { componentEnvironment } from './component-environment.js';

/** Where variable values come from when an app is loaded (spec §14.61). */
export interface LoadOptions {
  /** Environment holding `SPIN_VARIABLE_<NAME>` values. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values given as `--variable key=value`. */
  readonly cliVariables?: Readonly<Record<string, string>>;
  /** `--runtime-config-file`: where key-value stores, SQLite databases and the state directory are defined. */
  readonly runtimeConfigFile?: string;
  /** `--state-dir`; `''` for none (the default stores are then in memory). */
  readonly stateDir?: string;
  /** What the relative paths `spin up` resolves against its working directory use; default `process.cwd()`. */
  readonly cwd?: string;
  /** `--env key=value` pairs in the order given: every component's environment, over its own `environment`. */
  readonly cliEnvironment?: readonly (readonly [string, string])[];
}

/** An app validated and compiled, ready to enforce: nothing downstream re-reads spin.toml. */
export interface LoadedApp {
  readonly manifest: AppManifest;
  /** The spin.toml text it was loaded from. */
  readonly manifestText: string;
  readonly warnings: readonly ManifestWarning[];
  readonly variables: ResolvedVariables;
  /** Each component's compiled allowed_outbound_hosts, by component id. */
  readonly policies: ReadonlyMap<string, AllowedHosts>;
  /** Each component's `variables`, rendered with the application variables, by component id. */
  readonly componentVariables: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** What each component with `files` sees under its preopen `/`, by component id. */
  readonly fileMounts: ReadonlyMap<string, MountedFiles>;
  /** Where each key-value store and SQLite database label lives. */
  readonly stores: StoreLayout;
  /** Each component's environment as its guests see it (`environment` plus `--env`, sorted by key), by component id. */
  readonly componentEnvironment: ReadonlyMap<string, readonly (readonly [string, string])[]>;
}

/**
 * Spin's load phase: read and validate the manifest, validate every component's
 * allowed_outbound_hosts with default values only (spec §14.60), resolve the
 * application variables, and compile each component's policy with the app's
 * component ids (spec §6.28), and lay out each component's `files` as Spin's loader
 * copies them, and place its key-value stores and SQLite databases (the runtime config
 * file, the state directory) with every component's labels defined. Throws
 * {@link ManifestError}, VariableError or RuntimeConfigError.
 */
export async function loadApp(manifestFile: string, options: LoadOptions = {}): Promise<LoadedApp> {
  const manifestText = await readManifestText(manifestFile);
  const { manifest, warnings: manifestWarnings } = parseManifest(manifestText, manifestFile);
  const warnings = [...manifestWarnings];
  for (const component of manifest.components.values()) {
    try {
      validateComponentHosts(manifest, component.allowedOutboundHosts);
    } catch (error) {
      if (!(error instanceof AllowedHostError)) throw error;
      throw malformedHosts(manifest.file, component, error);
    }
  }
  const variables = resolveVariables(manifest.variables, options);
  const policies = new Map([...manifest.components.values()].map((component) => [component.id, compileComponentHosts(manifest, component.allowedOutboundHosts, variables)]));
  // Spin resolves component variables lazily; resolving them now reports a typo at load, not at the first request.
  const componentVariables = new Map([...manifest.components.values()].map((component) => [component.id, resolveComponentVariables(component, variables)]));
  const fileMounts = new Map<string, MountedFiles>();
  for (const component of manifest.components.values()) {
    const resolved = resolveFileMounts(manifest, component);
    if (resolved === undefined) continue;
    fileMounts.set(component.id, resolved.files);
    warnings.push(...resolved.warnings);
  }
  const environment = new Map([...manifest.components.values()].map((component) => [component.id, componentEnvironment(component.environment, options.cliEnvironment ?? [])]));
  const stores = await loadStoreLayout(manifest, options);
  return { manifest, manifestText, warnings, variables, policies, componentVariables, componentEnvironment: environment, fileMounts, stores };
}

/**
 * `app` once the directories its stores live in exist, as `spin up` makes them before it
 * serves. Spin refuses to start when it cannot create one; here the app starts with a
 * warning naming the directory, and only the stores in it fail, when used.
 */
export async function withStoreDirs(app: LoadedApp): Promise<LoadedApp> {
  const problems = await prepareStoreDirs(app.stores);
  if (problems.length === 0) return app;
  return { ...app, warnings: [...app.warnings, ...problems.map(({ dir, message }) => ({ file: dir, message: `${dir}: ${message}` }))] };
}

/** The runtime config and state directory resolved as `spin up` does, every component's labels checked against them. */
async function loadStoreLayout(manifest: AppManifest, options: LoadOptions): Promise<StoreLayout> {
  const runtimeConfig = options.runtimeConfigFile === undefined ? undefined : await loadRuntimeConfig(options.runtimeConfigFile);
  const stores = resolveStoreLayout({
    manifestDir: manifest.dir,
    ...(runtimeConfig === undefined ? {} : { runtimeConfig }),
    ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  checkStoreLabels(manifest, stores);
  return stores;
}

/**
 * `app` with `component`'s allowed_outbound_hosts replaced by `entries`, compiled into
 * `policy`: what a live policy edit makes of the app that is serving.
 */
export function withAllowedHosts(app: LoadedApp, component: string, entries: readonly string[], policy: AllowedHosts): LoadedApp {
  const components = new Map(app.manifest.components);
  const previous = components.get(component);
  if (previous !== undefined) components.set(component, { ...previous, allowedOutboundHosts: entries });
  return { ...app, manifest: { ...app.manifest, components }, policies: new Map(app.policies).set(component, policy) };
}

// spec §12.55: Spin's chain is "Failed to load component `<id>`" / "`allowed_outbound_hosts`
// is malformed" / the entry's error; the location prefix already names the component.
function malformedHosts(file: string, component: ComponentManifest, error: AllowedHostError): ManifestError {
  return new ManifestError(`\`allowed_outbound_hosts\` is malformed: ${error.message}`, {
    file,
    component: component.id,
    ...(component.allowedOutboundHostsLine === undefined ? {} : { line: component.allowedOutboundHostsLine }),
    cause: error,
  });
}
