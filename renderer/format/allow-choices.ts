/**
 * The entries a developer may add to allow a denied destination: Spin's suggestion
 * (the exact `scheme://host[:port]`), then the `*.` wildcard of the parent domain, then
 * the same host on any port. Each is a valid allowed_outbound_hosts entry.
 */
export function allowChoices(suggestion: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]+\]|[^:/[\]]+)(?::(\d+))?$/i.exec(suggestion);
  if (match === null) return [suggestion];
  const [, scheme, host = '', port] = match;
  const choices = [suggestion];
  const labels = host.split('.');
  const isAddress = host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host);
  // A parent with at least two labels, so the wildcard never covers a whole top-level domain.
  if (!isAddress && labels.length >= 3) choices.push(`${scheme}://*.${labels.slice(1).join('.')}${port === undefined ? '' : `:${port}`}`);
  choices.push(`${scheme}://${host}:*`);
  return choices;
}
