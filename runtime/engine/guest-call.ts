/**
 * What one request brings to the engine besides itself: where the guest's outbound HTTP
 * requests go, what the component may open, where the Spin host calls it makes are
 * recorded, and who checks the network addresses its redis/postgres/mysql/mqtt
 * interfaces want to reach. An engine shared by two app generations across a reload
 * thus serves each request with the policy, grants and routes of the generation that
 * accepted it.
 */
import type { PerformOutbound } from '../http/index.js';
import { NO_GRANTS, type AddressCheck, type AddressVerdict, type Grants, type HostEvent } from '../host/index.js';

export interface GuestCall {
  /** Performs the guest's outbound HTTP requests; policy belongs here (answer `HTTP-request-denied` to deny). */
  readonly outbound: PerformOutbound;
  /** What the component may open while serving this request (its lists as enforced now). */
  readonly grants: Grants;
  /** A host call the guest made while serving this request. */
  record(event: HostEvent): void;
  /** Checks an address against the component's `allowed_outbound_hosts`, recording a denial. */
  checkAddress(check: AddressCheck): AddressVerdict;
}

/** A request on its own: every outbound request denied, nothing granted or recorded, no address allowed. */
export const ISOLATED_CALL: GuestCall = {
  outbound: async () => ({ error: { tag: 'HTTP-request-denied' } }),
  grants: NO_GRANTS,
  record: () => undefined,
  checkAddress: () => ({ allowed: false }),
};
