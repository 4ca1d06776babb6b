/**
 * The host side of one guest instance: every interface Spinscope implements,
 * built fresh per instance so no state (stdio, bodies, outbound requests)
 * leaks between requests.
 */
import { UnsupportedImportError } from './unsupported-import-error.js';
import { spinVariables } from './spin-variables.js';
import { wasiCli } from './wasi-cli.js';
import { wasiClocks } from './wasi-clocks.js';
import { wasiFilesystem } from './wasi-filesystem.js';
import { denyingLink, type OutboundLink } from './outbound-link.js';
import { wasiHttp } from './wasi-http.js';
import { wasiIo } from './wasi-io.js';
import { wasiRandom } from './wasi-random.js';

/** One instance's imports plus what it printed. */
export interface GuestHost {
  /** jco `instantiate()` imports, keyed by unversioned interface name (`wasi:io/streams`). */
  imports: Record<string, object>;
  stdout: Uint8Array[];
  stderr: Uint8Array[];
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
  ['fermyon:spin', /^2\.0\.0$/],
]);

/** What one instance is given besides its requests. */
export interface GuestHostOptions {
  /** Where its outbound HTTP requests go. */
  outbound: OutboundLink;
  /** Its component's resolved `variables`, read through Spin's variables interface. */
  variables: ReadonlyMap<string, string>;
  /** What `wasi:cli/environment` gives it, in order; none when absent. */
  environment?: readonly (readonly [string, string])[];
}

/** Builds the imports for one new instance. */
export function createGuestHost({ outbound, variables, environment = [] }: GuestHostOptions): GuestHost {
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  const wait = (deadline?: bigint): void => outbound.waitForResults(deadline);
  const imports = {
    ...wasiCli({ stdout: (bytes) => stdout.push(bytes), stderr: (bytes) => stderr.push(bytes) }, environment),
    ...wasiClocks(wait),
    ...wasiFilesystem(),
    ...wasiHttp(outbound),
    ...wasiIo(wait),
    ...wasiRandom(),
    ...spinVariables(variables),
  };
  return { imports, stdout, stderr };
}

let implemented: ReadonlySet<string> | undefined;

/**
 * Checks a component's imports (`wasi:http/types@0.2.10`, as `jco wit`
 * lists them) before anything is instantiated.
 *
 * @throws {UnsupportedImportError} naming the first interface or version no host module implements.
 */
export function checkImports(imports: readonly string[]): void {
  implemented ??= new Set(Object.keys(createGuestHost({ outbound: denyingLink(), variables: new Map() }).imports));
  for (const name of imports) {
    const [iface = '', version] = name.split('@');
    const supported = SUPPORTED_VERSIONS.get(iface.startsWith('wasi:') ? 'wasi' : iface.split('/')[0] ?? '');
    if (!implemented.has(iface) || version === undefined || supported?.test(version) !== true) {
      throw new UnsupportedImportError(name);
    }
  }
}
