/**
 * GuestServices for unit tests of host modules: address checks answered by a real
 * compiled `allowed_outbound_hosts` policy, and every check and event kept for the
 * test to read. Nothing is stored: no store or database is defined.
 */
import { isolatedServices, NO_GRANTS, type AddressCheck, type Grants, type GuestServices, type HostEvent } from '../../runtime/host/guest-services.js';
import { AllowedHosts } from '../../runtime/permissions/index.js';

/** The services, and what the host module did through them. */
export interface RecordingServices {
  readonly services: GuestServices;
  readonly checks: AddressCheck[];
  readonly events: HostEvent[];
}

/** Services of a component whose `allowed_outbound_hosts` is `allowed`, importing `imports` (versioned names). */
export function recordingServices(allowed: readonly string[], options: { grants?: Partial<Grants>; imports?: readonly string[] } = {}): RecordingServices {
  const policy = AllowedHosts.parse(allowed);
  const checks: AddressCheck[] = [];
  const events: HostEvent[] = [];
  const versions = new Map((options.imports ?? []).map((name) => [name.split('@')[0] ?? name, name]));
  const services: GuestServices = {
    ...isolatedServices(),
    grants: () => ({ ...NO_GRANTS, ...options.grants }),
    imported: (name) => versions.get(name) ?? name,
    record: (event) => events.push(event),
    checkAddress: (check) => {
      checks.push(check);
      const allowedBy = policy.allowedBy(check.address, check.scheme);
      return allowedBy === undefined ? { allowed: false } : { allowed: true, allowedBy };
    },
  };
  return { services, checks, events };
}
