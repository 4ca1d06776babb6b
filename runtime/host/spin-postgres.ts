/**
 * Spin's PostgreSQL interfaces, linked but not implemented yet: `fermyon:spin/postgres@2.0.0`
 * and the synchronous functions of `spin:postgres/postgres@3.0.0`, `@4.0.0`, `@4.1.0` and
 * `@4.2.0` (one implementation: jco hands every version of an interface the same import,
 * and the error shapes differ only in `query-failed`, which is never answered).
 *
 * Opening a connection does what Spin does before it connects
 * (factor-outbound-pg allowed_hosts.rs `ensure_address_allowed`): the connection string
 * is parsed as tokio-postgres parses it, and each host in turn is checked against
 * `allowed_outbound_hosts` as `host[:port]` with the default scheme `postgres`. A string
 * that does not parse, a Unix socket or a denied host answers Spin's
 * `connection-failed(...)`; when every host is allowed, a `connection-failed(...)` says
 * PostgreSQL is not supported. Unlike Spin, `connection-builder.build` checks the hosts
 * too: Spin's skips the check (factor-outbound-pg host.rs, `HostConnectionBuilder::build`).
 */
import { X509Certificate } from 'node:crypto';
import type { AddressVerdict, GuestServices } from './guest-services.js';
import { checkedAddress, parseConnectionString } from './postgres-connection-string.js';
import type { RdbmsError } from './spin-rdbms-types.js';
import { allowedByOf, notSupported, recordUnsupported, unreachableCall } from './unsupported-calls.js';
import { err, ok, type WitResult } from './wit-result.js';

/** `connection-failed(string)` and `other(string)`: the cases of every version's `error` Spinscope answers. */
export type PostgresError = Extract<RdbmsError, { tag: 'connection-failed' | 'other' }>;

/** Spin's PostgreSQL interfaces for one instance. */
export function spinPostgres(services: GuestServices): Record<string, object> {
  return {
    'fermyon:spin/postgres': postgresInterface(services, 'fermyon:spin/postgres@2.0.0'),
    'spin:postgres/postgres': postgresInterface(services, services.imported('spin:postgres/postgres')),
  };
}

function postgresInterface(services: GuestServices, iface: string) {
  const failed = (message: string): { tag: 'err'; val: PostgresError } => err({ tag: 'connection-failed', val: message });

  /** `resource connection` */
  class Connection {
    /** `open: static func(address: string) -> result<connection, error>;` */
    static open(address: string): WitResult<Connection, PostgresError> {
      return failed(openConnection(services, iface, '[static]connection.open', address));
    }

    /** `query: func(statement: string, params: list<parameter-value>) -> result<row-set, error>;` */
    query(_statement: string, _params: unknown[]): WitResult<never, PostgresError> {
      return failed(unreachableCall(services, iface, '[method]connection.query', 'connection-failed'));
    }

    /** `execute: func(statement: string, params: list<parameter-value>) -> result<u64, error>;` */
    execute(_statement: string, _params: unknown[]): WitResult<bigint, PostgresError> {
      return failed(unreachableCall(services, iface, '[method]connection.execute', 'connection-failed'));
    }
  }

  /** `resource connection-builder` (4.1.0 and later) */
  class ConnectionBuilder {
    readonly #address: string;

    /** `constructor(address: string);` */
    constructor(address: string) {
      this.#address = address;
    }

    /** `set-ca-root: func(certificate: string) -> result<_, error>;` */
    setCaRoot(certificate: string): WitResult<void, PostgresError> {
      try {
        new X509Certificate(certificate);
      } catch {
        // Spin's text: anyhow's `{e}` prints only the context it adds (client.rs `HashableCertificate::from_pem`).
        const message = 'invalid root certificate: invalid root certificate';
        recordUnsupported(services, { interface: iface, function: '[method]connection-builder.set-ca-root', error: { tag: 'other', message } });
        return err({ tag: 'other', val: message });
      }
      return ok(undefined);
    }

    /** `build: func() -> result<connection, error>;` */
    build(): WitResult<Connection, PostgresError> {
      return failed(openConnection(services, iface, '[method]connection-builder.build', this.#address));
    }
  }

  return { Connection, ConnectionBuilder };
}

/** Spin's `ensure_address_allowed`, then the not-supported answer; returns what `connection-failed(...)` carries. */
function openConnection(services: GuestServices, iface: string, fn: string, address: string): string {
  const parsed = parseConnectionString(address);
  const refuse = (message: string): string => {
    recordUnsupported(services, { interface: iface, function: fn, address, error: { tag: 'connection-failed', message } });
    return message;
  };
  if (!parsed.ok) return refuse(parsed.message);
  const allowed: Extract<AddressVerdict, { allowed: true }>[] = [];
  for (let index = 0; index < parsed.targets.hosts.length; index += 1) {
    const hostAddress = checkedAddress(parsed.targets, index);
    if (hostAddress === undefined) return refuse('Unix sockets are not supported on WebAssembly');
    const verdict = services.checkAddress({ interface: iface, scheme: 'postgres', address: hostAddress });
    // The denial is already recorded, as `outbound.denied`.
    if (!verdict.allowed) return `address postgres://${hostAddress} is not permitted`;
    allowed.push(verdict);
  }
  const message = notSupported(iface);
  recordUnsupported(services, { interface: iface, function: fn, address, ...allowedByOf(allowed), error: { tag: 'connection-failed', message } });
  return message;
}
