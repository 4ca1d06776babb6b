/**
 * The host side of one guest instance: every interface Spinscope implements,
 * built fresh per instance so no state (stdio, bodies, outbound requests)
 * leaks between requests.
 */
import { isolatedServices, type GuestServices, type SqliteBackend } from './guest-services.js';
import { UnsupportedImportError } from './unsupported-import-error.js';
import { spinKeyValue } from './spin-key-value.js';
import { spinSqlite } from './spin-sqlite.js';
import { spinVariables } from './spin-variables.js';
import { wasiCli } from './wasi-cli.js';
import { wasiClocks } from './wasi-clocks.js';
import { wasiFilesystem } from './wasi-filesystem.js';
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
  ['fermyon:spin', /^2\.0\.0$/],
  // Only its synchronous functions: 3.1.0's `*-async` ones are WASIp3 `async func`s.
  ['spin:sqlite', /^3\.[01]\.0$/],
]);

/** What one instance is given besides its requests. */
export interface GuestHostOptions {
  /** Where its outbound HTTP requests go. */
  outbound: OutboundLink;
  /** Its component's resolved `variables`, read through Spin's variables interface. */
  variables: ReadonlyMap<string, string>;
  /** Stores, databases, host-call reporting and address checks. */
  services: GuestServices;
}

/** Builds the imports for one new instance. */
export function createGuestHost({ outbound, variables, services }: GuestHostOptions): GuestHost {
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  const connections = new Set<SqliteBackend>();
  const wait = (deadline?: bigint): void => outbound.waitForResults(deadline);
  const imports = {
    ...wasiCli({ stdout: (bytes) => stdout.push(bytes), stderr: (bytes) => stderr.push(bytes) }),
    ...wasiClocks(wait),
    ...wasiFilesystem(),
    ...wasiHttp(outbound),
    ...wasiIo(wait),
    ...wasiRandom(),
    ...spinVariables(variables),
    ...spinKeyValue(services),
    ...wasiKeyValue(services),
    ...spinSqlite(services, (connection) => connections.add(connection)),
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
 * lists them) before anything is instantiated.
 *
 * @throws {UnsupportedImportError} naming the first interface or version no host module implements.
 */
export function checkImports(imports: readonly string[]): void {
  implemented ??= new Set(Object.keys(createGuestHost({ outbound: denyingLink(), variables: new Map(), services: isolatedServices() }).imports));
  for (const name of imports) {
    const [iface = '', version] = name.split('@');
    const supported = SUPPORTED_VERSIONS.get(packageOf(iface));
    if (!implemented.has(iface) || version === undefined || supported?.test(version) !== true) {
      throw new UnsupportedImportError(name);
    }
  }
}

/** The key of {@link SUPPORTED_VERSIONS} for an interface: its package, or `wasi` for WASI 0.2 proper. */
function packageOf(iface: string): string {
  const name = iface.split('/')[0] ?? '';
  return name.startsWith('wasi:') && !SUPPORTED_VERSIONS.has(name) ? 'wasi' : name;
}
