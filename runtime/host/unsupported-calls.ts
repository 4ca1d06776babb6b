/**
 * What the Spin interfaces Spinscope links but does not implement yet (redis, postgres,
 * mysql, mqtt, llm) share: every call answers the interface's own error saying so, and
 * is reported as a `host.unsupported` event. A network interface checks the address
 * against `allowed_outbound_hosts` first, as Spin does, so a guest learns the same thing
 * about its permissions here as under `spin up`.
 */
import type { HostCallError } from '../api/events.js';
import type { AddressVerdict, GuestServices } from './guest-services.js';

/** `<interface> is not supported by Spinscope yet`: the text every unimplemented call answers. */
export function notSupported(iface: string): string {
  return `${iface} is not supported by Spinscope yet`;
}

/** One call to an unimplemented interface, as `host.unsupported` reports it. */
export interface UnsupportedCall {
  readonly interface: string;
  /** As the WIT names it: `[static]connection.open`, `[method]connection.query`, `infer`. */
  readonly function: string;
  readonly address?: string;
  readonly allowedBy?: string;
  readonly error: HostCallError;
}

/** Reports `call` as a `host.unsupported` event. */
export function recordUnsupported(services: GuestServices, call: UnsupportedCall): void {
  services.record({ kind: 'host.unsupported', time: Date.now(), ...call });
}

/** The `allowedBy` of an event: the entry (or, for several addresses, the distinct entries) that let it through. */
export function allowedByOf(verdicts: readonly Extract<AddressVerdict, { allowed: true }>[]): { allowedBy?: string } {
  const entries = [...new Set(verdicts.map((verdict) => verdict.allowedBy))];
  return entries.length === 0 ? {} : { allowedBy: entries.join(', ') };
}

/**
 * `open` of Spin's mysql and mqtt interfaces (factor-outbound-mysql host.rs
 * `open_connection`, factor-outbound-mqtt host.rs `open`): the address is checked with
 * the interface's default scheme, and a denied or unparsable one answers
 * `connection-failed("address <address> is not permitted")`, the address echoed whole.
 * An allowed one is reported and answers that the interface is not supported. Returns
 * what the guest's `connection-failed(...)` carries.
 */
export function refuseConnection(services: GuestServices, iface: string, scheme: string, address: string): string {
  const verdict = services.checkAddress({ interface: iface, scheme, address });
  if (!verdict.allowed) return `address ${address} is not permitted`;
  const message = notSupported(iface);
  recordUnsupported(services, {
    interface: iface,
    function: '[static]connection.open',
    address,
    allowedBy: verdict.allowedBy,
    error: { tag: 'connection-failed', message },
  });
  return message;
}

/** Reports a call to a method of a connection that cannot exist, answering what its error carries. */
export function unreachableCall(services: GuestServices, iface: string, fn: string, tag: string): string {
  const message = notSupported(iface);
  recordUnsupported(services, { interface: iface, function: fn, error: { tag, message } });
  return message;
}
