/**
 * The three lines `spin up` prints when a request is denied (spec §12.54), for a
 * destination `<scheme>://<authority>` as {@link Explanation.destination} gives it.
 */
export function spinDenialLines(destination: string): [string, string, string] {
  const isSelf = destination.startsWith('http') && destination.endsWith('://self');
  const warning = isSelf
    ? 'Warning: A component tried to make an HTTP request to its own app but it does not have permission.'
    : `Warning: A component tried to make an outbound network connection to disallowed destination '${destination}'.`;
  return [`Outbound network destination not allowed: ${destination}`, warning, allowEntryHint(destination)];
}

/** Spin's "To allow this request, add ..." line for an entry. */
export function allowEntryHint(entry: string): string {
  return `To allow this request, add 'allowed_outbound_hosts = ["${entry}"]' to the manifest component section.`;
}
