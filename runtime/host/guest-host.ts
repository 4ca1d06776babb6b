/**
 * The host side of one guest instance: every interface Spinscope implements,
 * built fresh per instance so no state (stdio, bodies, outbound requests)
 * leaks between requests.
 */
import { isolatedServices, type GuestServices, type SqliteBackend } from './guest-services.js';
import { UnsupportedImportError } from './unsupported-import-error.js';
import { spinKeyValue } from './spin-key-value.js';
import { spinLlm } from './spin-llm.js';
import { spinMqtt } from './spin-mqtt.js';
import { spinMysql } from './spin-mysql.js';
import { spinPostgres } from './spin-postgres.js';
import { spinRdbmsTypes } from './spin-rdbms-types.js';
import { spinRedis } from './spin-redis.js';
import { spinSqlite } from './spin-sqlite.js';
import { spinVariables } from './spin-variables.js';
import { wasiCli } from './wasi-cli.js';
import { wasiClocks } from './wasi-clocks.js';
import { wasiConfig } from './wasi-config.js';
import { wasiFilesystem } from './wasi-filesystem.js';
import type { MountedFiles } from './mounted-files.js';
import { denyingLink, type OutboundLink } from './outbound-link.js';
import { wasiHttp } from './wasi-http.js';
import { wasiIo } from './wasi-io.js';
import { wasiKeyValue } from './wasi-keyvalue.js';
import { wasiRandom } from './wasi-random.js';

/** One instance's imports plus what it printed. */
export interface GuestHost {
  /** jco `instantiate()` imports, keyed by unversioned interface name (`wasi:io/streams`). */
  imports: Record<string, object>;
  stdout: Uint8Array[];
  stderr: Uint8Array[];
  /** Closes what the instance left open (its SQLite connections); called once it has served its request. */
  dispose(): void;
}

/**
 * The interface versions implemented, by package. WASI 0.2 releases only add
 * to the interfaces a guest can import, so one implementation serves every
 * 0.2.x (Spin JS SDK components mix wasi:http 0.2.3 with wasi:io 0.2.12).
 * jco, in turn, looks every version of an interface up under its unversioned
 * name. Spin's own packages are matched exactly.
 */
const SUPPORTED_VERSIONS: ReadonlyMap<string, RegExp> = new Map([
  ['wasi', /^0\.2\.\d+$/],
  ['wasi:keyvalue', /^0\.2\.0-draft2$/],
  ['wasi:config', /^0\.2\.0-draft-2024-09-27$/],
  ['fermyon:spin', /^2\.0\.0$/],
  // Only their synchronous functions: sqlite 3.1.0's and postgres 4.2.0's `*-async` ones are WASIp3 `async func`s.
  ['spin:sqlite', /^3\.[01]\.0$/],
  ['spin:postgres', /^(3\.0\.0|4\.[0-2]\.0)$/],
]);

/**
 * Spin 4's interfaces whose every function is a WASIp3 `async func`. jco 1.35 wraps
 * each import of one in `WebAssembly.Suspending` (JSPI), even one a guest lowers
 * synchronously, and even with JSPI a WASIp2 handler's synchronous `handle` may not
 * block on one (docs/differences-from-spin.md, "Interfaces"). Each names what to import instead.
 */
const ASYNC_INTERFACES: ReadonlyMap<string, string> = new Map([
  ['spin:key-value/key-value@3.0.0', 'fermyon:spin/key-value@2.0.0 or wasi:keyvalue/store@0.2.0-draft2'],
  ['spin:mqtt/mqtt@3.0.0', 'fermyon:spin/mqtt@2.0.0'],
  ['spin:mysql/mysql@3.0.0', 'fermyon:spin/mysql@2.0.0'],
  ['spin:redis/redis@3.0.0', 'fermyon:spin/redis@2.0.0'],
  ['spin:variables/variables@3.0.0', 'fermyon:spin/variables@2.0.0 or wasi:config/store@0.2.0-draft-2024-09-27'],
]);

/** Why an `async func` cannot be called, for load errors. */
const ASYNC_FUNC = 'a WASIp3 `async func` needs JSPI and a WASIp3 handler, and Spinscope runs WASIp2 handlers';

/** An imported function the component lowers from a WASIp3 `async func`. */
export interface AsyncFunctionImport {
  /** Versioned, as the component imports it: `spin:sqlite/sqlite@3.1.0`. */
  readonly interface: string;
  /** As the WIT names it: `[static]connection.open-async`. */
  readonly function: string;
}

/** What one instance is given besides its requests. */
export interface GuestHostOptions {
  /** Where its outbound HTTP requests go. */
  outbound: OutboundLink;
  /** Its component's resolved `variables`, read through Spin's variables interface. */
  variables: ReadonlyMap<string, string>;
  /** Stores, databases, host-call reporting and address checks. */
  services: GuestServices;
  /** Its component's `files`, preopened read-only as `/`; none without `files`. */
  files?: MountedFiles | undefined;
  /** What `wasi:cli/environment` gives it, in order; none when absent. */
  environment?: readonly (readonly [string, string])[];
}

/** Builds the imports for one new instance. */
export function createGuestHost({ outbound, variables, services, files, environment = [] }: GuestHostOptions): GuestHost {
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  const connections = new Set<SqliteBackend>();
  const wait = (deadline?: bigint): void => outbound.waitForResults(deadline);
  const imports = {
    ...wasiCli({ stdout: (bytes) => stdout.push(bytes), stderr: (bytes) => stderr.push(bytes) }, environment),
    ...wasiClocks(wait),
    ...wasiFilesystem(files),
    ...wasiHttp(outbound),
    ...wasiIo(wait),
    ...wasiRandom(),
    ...spinVariables(variables),
    ...wasiConfig(variables),
    ...spinKeyValue(services),
    ...wasiKeyValue(services),
    ...spinSqlite(services, (connection) => connections.add(connection)),
    ...spinRedis(services),
    ...spinMqtt(services),
    ...spinRdbmsTypes(),
    ...spinPostgres(services),
    ...spinMysql(services),
    ...spinLlm(services),
  };
  const dispose = (): void => {
    for (const connection of connections) connection.close();
    connections.clear();
  };
  return { imports, stdout, stderr, dispose };
}

let implemented: ReadonlySet<string> | undefined;

/**
 * Checks a component's imports (`wasi:http/types@0.2.10`, as `jco wit`
 * lists them) and the functions among them it lowers from an `async func`,
 * before anything is instantiated.
 *
 * @throws {UnsupportedImportError} naming the first interface, version or async function no host module implements.
 */
export function checkImports(imports: readonly string[], asyncFunctions: readonly AsyncFunctionImport[] = []): void {
  implemented ??= new Set(Object.keys(createGuestHost({ outbound: denyingLink(), variables: new Map(), services: isolatedServices() }).imports));
  for (const name of imports) {
    const instead = ASYNC_INTERFACES.get(name);
    if (instead !== undefined) throw new UnsupportedImportError(name, { reason: `its functions are async, and ${ASYNC_FUNC}. Import ${instead} instead.` });
    const [iface = '', version] = name.split('@');
    const supported = SUPPORTED_VERSIONS.get(packageOf(iface));
    if (!implemented.has(iface) || version === undefined || supported?.test(version) !== true) {
      throw new UnsupportedImportError(name);
    }
  }
  const [lowered] = asyncFunctions;
  if (lowered !== undefined) {
    // Every `async func` of Spin's mixed interfaces has a synchronous twin without the suffix.
    const twin = lowered.function.replace(/-async$/, '');
    throw new UnsupportedImportError(lowered.interface, {
      functionName: lowered.function,
      reason: `it is async, and ${ASYNC_FUNC}.${twin === lowered.function ? '' : ` Call \`${twin}\` instead.`}`,
    });
  }
}

/** The key of {@link SUPPORTED_VERSIONS} for an interface: its package, or `wasi` for WASI 0.2 proper. */
function packageOf(iface: string): string {
  const name = iface.split('/')[0] ?? '';
  return name.startsWith('wasi:') && !SUPPORTED_VERSIONS.has(name) ? 'wasi' : name;
}
