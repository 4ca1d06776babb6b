import { describe, expect, it } from 'vitest';
import { AllowedHostError, parseAllowedHost } from '../../../runtime/permissions/index.js';
import { thrown } from '../../support/thrown.js';

const LEARN_MORE = 'Learn more: https://spinframework.dev/v3/http-outbound#granting-http-permissions-to-components';

function parseError(entry: string): AllowedHostError {
  return thrown(AllowedHostError, () => parseAllowedHost(entry));
}

function shape(entry: string): string {
  const { scheme, host, port } = parseAllowedHost(entry);
  const s = scheme.kind === 'any' ? '*' : scheme.scheme;
  const h =
    host.kind === 'literal' ? host.host.text : host.kind === 'subdomain' ? `*${host.suffix}` : host.kind === 'cidr' ? host.cidr.text : host.kind;
  const p = port.kind === 'any' ? '*' : port.kind === 'port' ? String(port.port) : `${port.start}..${port.end}`;
  return `${s} ${h} ${p}`;
}

describe('spec §2 entry grammar', () => {
  it.each([
    [' http://example.com ', 'http example.com 80'],
    ['http://example.com:', 'http example.com 80'],
    ['http://example.com/', 'http example.com 80'],
    ['http://example.com:8080/', 'http example.com 8080'],
    ['http://[::1]', 'http [::1] 80'],
    ['http://[::1]:8001', 'http [::1] 8001'],
    ['http://ff00::/8', 'http ff00::/8 80'],
    ['*://ff00::/8:80', '* ff00::/8 80'],
    ['http://2001:db8::/32', 'http 2001:db8::/32 80'],
    ['*://*:*', '* any *'],
  ])('§2.1–2.3: parses %j as %s', (entry, expected) => {
    expect(shape(entry)).toBe(expected);
  });

  it.each(['*', ':', '', '?', ' * '])('§2.2: %j gets the "not an allowed outbound host format" error', (entry) => {
    const error = parseError(entry);
    expect(error.message).toBe(
      `${JSON.stringify(entry.trim())} is not an allowed outbound host format.\n` +
        "Hosts must be in the form <scheme>://<host>[:<port>], with '*' wildcards allowed for each.\n" +
        "If you intended to allow all outbound networking, you can use '*://*:*' - this will obviate all network sandboxing.\n" +
        LEARN_MORE,
    );
    expect(error.entry).toBe(entry);
  });

  it.each(['example.com', 'localhost:3001', 'spin.fermyon.dev:80', '[::1]', 'http:/x', 'insecure:allow-all'])(
    '§2.2: %j does not contain a scheme',
    (entry) => {
      expect(parseError(entry).message).toBe(`"${entry}" does not contain a scheme (e.g., 'http://' or '*://')\n${LEARN_MORE}`);
    },
  );

  it('§2.3: a port followed by a path is rejected with the whole entry quoted', () => {
    expect(parseError('http://example.com:8080/p').message).toBe('"http://example.com:8080/p" has a path but is not allowed to');
  });

  it('§2.4: the outer message is exactly Spin\'s, and the port is checked before the scheme and host', () => {
    const error = parseError('http://example.com:99999');
    expect(error.summary).toBe('Invalid allowed host port "99999"');
    expect(error.message).toBe('Invalid allowed host port "99999": port "99999" is not a number');
    expect(parseError('*://example.com').message).toBe(
      'Invalid allowed host port "": no port was provided and the scheme "*" does not have a known default port number',
    );
    expect(parseError('h2c://bad host:99999').summary).toBe('Invalid allowed host port "99999"');
    expect(parseError('h2c://bad host:80').summary).toBe('Invalid allowed host scheme "h2c"');
  });

  it.each([
    ['http://example.com//', 'Invalid allowed host "example.com//": must not include a path'],
    ['http://example.com/a', 'Invalid allowed host "example.com/a": must not include a path'],
    ['http://*.fermyon.dev/a', 'Invalid allowed host "*.fermyon.dev/a": must not include a path'],
  ])('§2.5: %j has a path and is rejected', (entry, message) => {
    expect(parseError(entry).message).toBe(message);
  });

  it.each(['http://user@host', 'http://host?x', 'http://host#f'])('§2.5: %j fails as an invalid host', (entry) => {
    expect(parseError(entry).summary).toMatch(/^Invalid allowed host "/);
  });
});

describe('spec §3 scheme', () => {
  it('§3.6: * means any scheme', () => expect(shape('*://example.com:1')).toBe('* example.com 1'));
  it('§3.7: scheme lists are rejected', () => {
    expect(parseError('{http,https}://example.com:80').message).toBe(
      'Invalid allowed host scheme "{http,https}": scheme lists are not supported',
    );
  });
  it.each(['h2c', 'http2', 'redis+tls', 'postgres-x'])('§3.8: %j is rejected as non-alphabetic', (scheme) => {
    expect(parseError(`${scheme}://example.com:80`).message).toBe(
      `Invalid allowed host scheme "${scheme}": only alphabetic characters are allowed`,
    );
  });
  it('§3.9: the scheme is kept verbatim, so HTTP with a port parses and HTTP without one does not', () => {
    expect(shape('HTTP://example.com:80')).toBe('HTTP example.com 80');
    expect(parseError('HTTP://example.com').summary).toBe('Invalid allowed host port ""');
  });
  it.each(['tcp', 'udp', 'rediss', 'mqtts', 'postgresql', 'pg'])('§3.10: %j is accepted with an explicit port', (scheme) => {
    expect(shape(`${scheme}://example.com:1`)).toBe(`${scheme} example.com 1`);
  });
});

describe('spec §4 host', () => {
  it('§4.11: the host is trimmed, the port is not', () => {
    expect(shape('http:// example.com')).toBe('http example.com 80');
    expect(parseError('http://example.com: 80').message).toBe('Invalid allowed host port " 80": port " 80" is not a number');
  });
  it('§4.12–13: * is any host, self and self.alt are self, SELF is a domain', () => {
    expect(shape('http://*')).toBe('http any 80');
    expect(shape('http://self')).toBe('http self 80');
    expect(shape('http://self.alt')).toBe('http self 80');
    expect(parseAllowedHost('http://SELF').host).toEqual({ kind: 'literal', host: { kind: 'domain', text: 'self' } });
  });
  it('§4.14: host lists are rejected; an unclosed one gets the generic error', () => {
    expect(parseError('http://{a,b}').message).toBe('Invalid allowed host "{a,b}": host lists are not yet supported');
    expect(parseError('http://{a').message).toBe('Invalid allowed host "{a": Condition failed: `host.ends_with(\'}\')`');
  });
  it.each([
    ['http://127.0.0.1/24', 'http 127.0.0.0/24 80'],
    ['http://10.1.2.3/8', 'http 10.0.0.0/8 80'],
    ['http://::1/128', 'http ::1/128 80'],
    ['http://127.0.0.1/+8', 'http 127.0.0.0/8 80'],
  ])('§4.15: CIDR %j truncates host bits to %s', (entry, expected) => {
    expect(shape(entry)).toBe(expected);
  });
  it.each(['http://127.0.0.1/33', 'http://[::1]/128', 'http://::1/129', 'http://127.1/8', 'http://010.0.0.1/8'])(
    '§4.15: %j is not a CIDR and is rejected',
    (entry) => {
      expect(() => parseAllowedHost(entry)).toThrow(AllowedHostError);
    },
  );
  it.each([
    ['http://*.example.com', 'http *.example.com 80'],
    ['http://*.EXAMPLE.com', 'http *.example.com 80'],
    ['http://*.com', 'http *.com 80'],
    ['http://*.localhost', 'http *.localhost 80'],
    ['http://*.bücher.de', 'http *.xn--bcher-kva.de 80'],
  ])('§4.17: wildcard %j is stored as a normalised suffix', (entry, expected) => {
    expect(shape(entry)).toBe(expected);
  });
  it.each([
    ['http://*.127.0.0.1', 'Invalid allowed host "*.127.0.0.1": wildcard suffix must be a domain'],
    ['http://*.192.168.001.001', 'Invalid allowed host "*.192.168.001.001": wildcard suffix must be a domain'],
    ['http://*.', 'Invalid allowed host "*.": invalid wildcard host "*.": empty host'],
    ['http://*.*.x', 'Invalid allowed host "*.*.x": wildcards are allowed only as prefixes'],
    ['http://a.*.x', 'Invalid allowed host "a.*.x": wildcards are allowed only as subdomains'],
    ['http://*x.com', 'Invalid allowed host "*x.com": wildcards are allowed only as subdomains'],
  ])('§4.17: %j is rejected', (entry, message) => {
    expect(parseError(entry).message).toBe(message);
  });
  it('§4.17 with §2.3: a bracketed IPv6 wildcard suffix is rejected, by the port split that runs first', () => {
    expect(parseError('http://*.[::1]').summary).toBe('Invalid allowed host port "1]"');
  });
  it.each([
    ['http://EXAMPLE.com', 'http example.com 80'],
    ['http://ex%61mple.com', 'http example.com 80'],
    ['http://127.1', 'http 127.0.0.1 80'],
    ['http://0x7f000001', 'http 127.0.0.1 80'],
    ['http://localhost.', 'http localhost. 80'],
    ['http://bücher.de', 'http xn--bcher-kva.de 80'],
  ])('§4.18: literal %j is normalised to %s', (entry, expected) => {
    expect(shape(entry)).toBe(expected);
  });
  it.each(['http://example%.com', 'http://example%2.com', 'http://example%GG.com', 'http://[::1', 'http://a\\b', 'http://a b', 'http://256.1.1.1'])(
    '§4.18: literal %j is rejected',
    (entry) => {
      expect(parseError(entry).summary).toMatch(/^Invalid allowed host /);
    },
  );
});

describe('spec §5 port', () => {
  it.each([
    ['http://h', '80'],
    ['https://h', '443'],
    ['postgres://h', '5432'],
    ['mysql://h', '3306'],
    ['redis://h', '6379'],
    ['mqtt://h', '1883'],
  ])('§5.19: %j defaults to port %s', (entry, port) => {
    expect(shape(entry).split(' ')[2]).toBe(port);
  });
  it.each(['tcp', 'udp', 'rediss', 'mqtts', 'postgresql', 'pg', 'ws', 'wss', 'ftp'])('§5.19: %j has no default port', (scheme) => {
    expect(parseError(`${scheme}://h`).message).toBe(
      `Invalid allowed host port "": no port was provided and the scheme "${scheme}" does not have a known default port number`,
    );
  });
  it('§5.20–22: * is any port, a..b is a range, and port lists are rejected', () => {
    expect(shape('http://h:*')).toBe('http h *');
    expect(shape('http://h:8080..8090')).toBe('http h 8080..8090');
    expect(shape('http://h:9000..8000')).toBe('http h 9000..8000');
    expect(parseError('http://h:{80,443}').message).toBe('Invalid allowed host port "{80,443}": port lists are not yet supported');
  });
  it.each(['..', '1..', '..5', '1..2..3'])('§5.22: range %j is rejected', (range) => {
    expect(parseError(`http://h:${range}`).message).toBe(`Invalid allowed host port "${range}": port range "${range}" contains non-number`);
  });
  it.each([
    ['+80', '80'],
    ['080', '80'],
    ['0', '0'],
    ['65535', '65535'],
  ])('§5.23: port %j parses as %s', (port, expected) => {
    expect(shape(`http://h:${port}`).split(' ')[2]).toBe(expected);
  });
  it.each(['65536', '8080-8090', '-1', '+', '8 0', '1e3'])('§5.23: port %j is not a number', (port) => {
    expect(parseError(`http://h:${port}`).message).toBe(`Invalid allowed host port "${port}": port "${port}" is not a number`);
  });
});
