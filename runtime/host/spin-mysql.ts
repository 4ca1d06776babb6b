/**
 * `fermyon:spin/mysql@2.0.0`, linked but not implemented yet. `open` checks the address
 * against `allowed_outbound_hosts` with Spin's default scheme `mysql`
 * (factor-outbound-mysql host.rs `open_connection`): denied or unparsable, it answers
 * Spin's `connection-failed("address <address> is not permitted")`; allowed, a
 * `connection-failed(...)` saying MySQL is not supported. The methods of a connection
 * that never opens exist because jco needs the whole resource class. Not
 * `spin:mysql/mysql@3.0.0`: its functions are WASIp3 `async func`s (see checkImports).
 */
import type { GuestServices } from './guest-services.js';
import type { RdbmsError } from './spin-rdbms-types.js';
import { refuseConnection, unreachableCall } from './unsupported-calls.js';
import { err, type WitResult } from './wit-result.js';

const INTERFACE = 'fermyon:spin/mysql@2.0.0';

/** The `mysql` interface for one instance. */
export function spinMysql(services: GuestServices): Record<string, object> {
  const failed = (message: string): WitResult<never, RdbmsError> => err({ tag: 'connection-failed', val: message });

  /** `resource connection` */
  class Connection {
    /** `open: static func(address: string) -> result<connection, error>;` */
    static open(address: string): WitResult<Connection, RdbmsError> {
      return failed(refuseConnection(services, INTERFACE, 'mysql', address));
    }

    /** `query: func(statement: string, params: list<parameter-value>) -> result<row-set, error>;` */
    query(_statement: string, _params: unknown[]): WitResult<never, RdbmsError> {
      return failed(unreachableCall(services, INTERFACE, '[method]connection.query', 'connection-failed'));
    }

    /** `execute: func(statement: string, params: list<parameter-value>) -> result<_, error>;` */
    execute(_statement: string, _params: unknown[]): WitResult<void, RdbmsError> {
      return failed(unreachableCall(services, INTERFACE, '[method]connection.execute', 'connection-failed'));
    }
  }
  return { 'fermyon:spin/mysql': { Connection } };
}
