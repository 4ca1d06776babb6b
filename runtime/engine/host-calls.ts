/**
 * How a request's Spin host calls reach the main thread: what the component may open,
 * where the calls it made are recorded, and who checks the network addresses its
 * redis/postgres/mysql/mqtt interfaces want to reach. `Context` is what the request
 * was started with (its trace and the app generation serving it).
 */
import { NO_GRANTS, type AddressCheck, type AddressVerdict, type Grants, type HostEvent } from '../host/index.js';

export interface HostCalls<Context> {
  /** The component's grants for the request started with `context`. */
  grants(context: Context): Grants;
  /** A host call the guest made while serving that request. */
  record(event: HostEvent, context: Context): void;
  /** Checks an address against the component's `allowed_outbound_hosts`, recording a denial. */
  checkAddress(check: AddressCheck, context: Context): AddressVerdict;
}

/** An engine on its own: nothing granted, nothing recorded, no address allowed. */
export function isolatedHostCalls<Context>(): HostCalls<Context> {
  return { grants: () => NO_GRANTS, record: () => undefined, checkAddress: () => ({ allowed: false }) };
}
