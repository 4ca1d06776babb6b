/**
 * `fermyon:spin/mqtt@2.0.0`, linked but not implemented yet. `open` checks the address
 * against `allowed_outbound_hosts` with Spin's default scheme `mqtt` first
 * (factor-outbound-mqtt host.rs `open`): denied or unparsable, it answers Spin's
 * `connection-failed("address <address> is not permitted")`; allowed, a
 * `connection-failed(...)` saying MQTT is not supported. `publish` on a connection that
 * never opens exists because jco needs the whole resource class. Not
 * `spin:mqtt/mqtt@3.0.0`: its functions are WASIp3 `async func`s (see checkImports).
 */
import type { GuestServices } from './guest-services.js';
import { refuseConnection, unreachableCall } from './unsupported-calls.js';
import { err, type WitResult } from './wit-result.js';

const INTERFACE = 'fermyon:spin/mqtt@2.0.0';

/** `variant error { invalid-address, too-many-connections, connection-failed(string), other(string) }` */
export type MqttError = { tag: 'invalid-address' } | { tag: 'too-many-connections' } | { tag: 'connection-failed'; val: string } | { tag: 'other'; val: string };

/** `enum qos { at-most-once, at-least-once, exactly-once }` */
export type Qos = 'at-most-once' | 'at-least-once' | 'exactly-once';

/** The `mqtt` interface for one instance. */
export function spinMqtt(services: GuestServices): Record<string, object> {
  /** `resource connection` */
  class Connection {
    /** `open: static func(address: string, username: string, password: string, keep-alive-interval-in-secs: u64) -> result<connection, error>;` */
    static open(address: string, _username: string, _password: string, _keepAliveIntervalInSecs: bigint): WitResult<Connection, MqttError> {
      return err({ tag: 'connection-failed', val: refuseConnection(services, INTERFACE, 'mqtt', address) });
    }

    /** `publish: func(topic: string, payload: payload, qos: qos) -> result<_, error>;` */
    publish(_topic: string, _payload: Uint8Array, _qos: Qos): WitResult<void, MqttError> {
      return err({ tag: 'connection-failed', val: unreachableCall(services, INTERFACE, '[method]connection.publish', 'connection-failed') });
    }
  }
  return { 'fermyon:spin/mqtt': { Connection } };
}
