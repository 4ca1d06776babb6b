/**
 * `fermyon:spin/redis@2.0.0`, linked but not implemented yet. `open` checks the address
 * against `allowed_outbound_hosts` with Spin's default scheme `redis` first
 * (factor-outbound-redis host.rs `open`): a denied or unparsable address is
 * `invalid-address`, as in Spin; an allowed one gets `other(...)` saying Redis is not
 * supported. No connection ever opens, so the methods are unreachable; they exist
 * because jco needs the whole resource class. Not `spin:redis/redis@3.0.0`: its
 * functions are WASIp3 `async func`s (see checkImports).
 */
import type { GuestServices } from './guest-services.js';
import { notSupported, recordUnsupported, unreachableCall } from './unsupported-calls.js';
import { err, type WitResult } from './wit-result.js';

const INTERFACE = 'fermyon:spin/redis@2.0.0';

/** `variant error { invalid-address, too-many-connections, type-error, other(string) }` */
export type RedisError = { tag: 'invalid-address' } | { tag: 'too-many-connections' } | { tag: 'type-error' } | { tag: 'other'; val: string };

/** `variant redis-parameter { int64(s64), binary(payload) }` */
export type RedisParameter = { tag: 'int64'; val: bigint } | { tag: 'binary'; val: Uint8Array };

/** `variant redis-result { nil, status(string), int64(s64), binary(payload) }` */
export type RedisResult = { tag: 'nil' } | { tag: 'status'; val: string } | { tag: 'int64'; val: bigint } | { tag: 'binary'; val: Uint8Array };

/** The `redis` interface for one instance. */
export function spinRedis(services: GuestServices): Record<string, object> {
  const unsupported = (fn: string): WitResult<never, RedisError> => err({ tag: 'other', val: unreachableCall(services, INTERFACE, fn, 'other') });

  /** `resource connection` */
  class Connection {
    /** `open: static func(address: string) -> result<connection, error>;` */
    static open(address: string): WitResult<Connection, RedisError> {
      const verdict = services.checkAddress({ interface: INTERFACE, scheme: 'redis', address });
      if (!verdict.allowed) return err({ tag: 'invalid-address' });
      const message = notSupported(INTERFACE);
      recordUnsupported(services, {
        interface: INTERFACE,
        function: '[static]connection.open',
        address,
        allowedBy: verdict.allowedBy,
        error: { tag: 'other', message },
      });
      return err({ tag: 'other', val: message });
    }

    /** `publish: func(channel: string, payload: payload) -> result<_, error>;` */
    publish(_channel: string, _payload: Uint8Array): WitResult<void, RedisError> {
      return unsupported('[method]connection.publish');
    }

    /** `get: func(key: string) -> result<option<payload>, error>;` */
    get(_key: string): WitResult<Uint8Array | undefined, RedisError> {
      return unsupported('[method]connection.get');
    }

    /** `set: func(key: string, value: payload) -> result<_, error>;` */
    set(_key: string, _value: Uint8Array): WitResult<void, RedisError> {
      return unsupported('[method]connection.set');
    }

    /** `incr: func(key: string) -> result<s64, error>;` */
    incr(_key: string): WitResult<bigint, RedisError> {
      return unsupported('[method]connection.incr');
    }

    /** `del: func(keys: list<string>) -> result<u32, error>;` */
    del(_keys: string[]): WitResult<number, RedisError> {
      return unsupported('[method]connection.del');
    }

    /** `sadd: func(key: string, values: list<string>) -> result<u32, error>;` */
    sadd(_key: string, _values: string[]): WitResult<number, RedisError> {
      return unsupported('[method]connection.sadd');
    }

    /** `smembers: func(key: string) -> result<list<string>, error>;` */
    smembers(_key: string): WitResult<string[], RedisError> {
      return unsupported('[method]connection.smembers');
    }

    /** `srem: func(key: string, values: list<string>) -> result<u32, error>;` */
    srem(_key: string, _values: string[]): WitResult<number, RedisError> {
      return unsupported('[method]connection.srem');
    }

    /** `execute: func(command: string, arguments: list<redis-parameter>) -> result<list<redis-result>, error>;` */
    execute(_command: string, _arguments: RedisParameter[]): WitResult<RedisResult[], RedisError> {
      return unsupported('[method]connection.execute');
    }
  }
  return { 'fermyon:spin/redis': { Connection } };
}
