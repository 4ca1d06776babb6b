import { describe, expect, it } from 'vitest';
import { AllowedHostError, AllowedHosts, VariableError, validateAllowedHosts } from '../../../runtime/index.js';

const allows = (entries: string[], url: string, defaultScheme?: string): boolean =>
  AllowedHosts.parse(entries).allows(url, defaultScheme);

describe('spec §6 the list', () => {
  it('§6.25: a lone insecure:allow-all is rejected with Spin\'s advice', () => {
    expect(() => AllowedHosts.parse(['insecure:allow-all'])).toThrow(
      "'insecure:allow-all' is not allowed - use '*://*:*' instead if you really want to allow all outbound traffic'",
    );
  });
  it('§6.25: insecure:allow-all mixed with other entries fails as a missing scheme', () => {
    expect(() => AllowedHosts.parse(['http://a.test', 'insecure:allow-all'])).toThrow(/does not contain a scheme/);
  });
  it('§6.26: one bad literal entry invalidates the whole list', () => {
    expect(() => AllowedHosts.parse(['https://good.test', 'https://bad.test:99999'])).toThrow(AllowedHostError);
  });
  it('§6.26: an unmatched {{ invalidates the whole list', () => {
    expect(() => AllowedHosts.parse(['https://{{ host'])).toThrow("invalid variable template: unmatched '{{' in template");
  });
  it('§6.27: templated entries resolving to "", http:// or https:// are dropped', () => {
    const hosts = AllowedHosts.parse(['{{ one }}', 'http://{{ two }}', 'https://{{ two }}', 'https://kept.test'], {
      variables: { one: '', two: '' },
    });
    expect(hosts.resolutionError).toBeUndefined();
    expect(hosts.entries.map((e) => e.text)).toEqual(['https://kept.test']);
  });
  it('§6.27: other empty-host resolutions are errors that deny everything at run time', () => {
    const hosts = AllowedHosts.parse(['redis://{{ h }}', 'https://kept.test'], { variables: { h: '' } });
    expect(hosts.resolutionError).toBeInstanceOf(AllowedHostError);
    expect(hosts.allows('https://kept.test')).toBe(false);
  });
  it('§6.27: a literal http:// entry is still an error', () => {
    expect(() => AllowedHosts.parse(['http://'])).toThrow(AllowedHostError);
  });
  it('§6.28: *.spin.internal becomes one literal per component, keeping scheme and port', () => {
    const hosts = AllowedHosts.parse(['http://*.spin.internal:8080'], { componentIds: ['first', 'second', 'third'] });
    expect(hosts.entries.map((e) => (e.host.kind === 'literal' ? e.host.host.text : e.host.kind))).toEqual([
      'first.spin.internal',
      'second.spin.internal',
      'third.spin.internal',
    ]);
    expect(hosts.allows('http://second.spin.internal:8080/x')).toBe(true);
    expect(hosts.allows('http://second.spin.internal/x')).toBe(false);
    expect(hosts.allows('http://unknown.spin.internal:8080/x')).toBe(false);
  });
  it('§6.28: expansion happens after templates resolve', () => {
    const hosts = AllowedHosts.parse(['http://{{ h }}'], { variables: { h: '*.spin.internal' }, componentIds: ['back'] });
    expect(hosts.allows('http://back.spin.internal')).toBe(true);
    expect(hosts.allows('http://other.spin.internal')).toBe(false);
  });
  it('§6.28 (difference from Spin): an upper-case component id can be reached after expansion', () => {
    const hosts = AllowedHosts.parse(['http://*.spin.internal'], { componentIds: ['MY-COMP'] });
    expect(hosts.allows('http://MY-COMP.spin.internal/')).toBe(true);
  });
  it('§6.29: the empty list denies everything, relative requests included', () => {
    const hosts = AllowedHosts.parse([]);
    expect(hosts.allows('https://example.com')).toBe(false);
    expect(hosts.allowsRelative()).toBe(false);
  });
  it('§6.30: a URL is allowed when any entry allows it', () => {
    expect(allows(['https://a.test', 'https://b.test'], 'https://b.test/x')).toBe(true);
  });
});

describe('spec §7 normalising the request', () => {
  it.each([
    ['https://example.com/file@0.1.0.json'],
    ['https://user:password@example.com/file@0.1.0.json'],
    ['https://user:pass#word@example.com/file@0.1.0.json'],
    ['https://user:password@example.com'],
  ])('§7.31: userinfo and @ in paths do not hide the host of %j', (url) => {
    expect(allows(['https://example.com'], url)).toBe(true);
  });
  it('§7.31: a password with # or : still finds the database host', () => {
    const entries = ['mysql://xyz.com'];
    expect(allows(entries, 'mysql://user:pass#word@xyz.com', 'mysql')).toBe(true);
    expect(allows(entries, 'mysql://user%3Apass%23word@xyz.com', 'mysql')).toBe(true);
    expect(allows(entries, 'user%3Apass%23word@xyz.com', 'mysql')).toBe(true);
  });
  it.each([
    ['example.com:8383', 'http', ['http://example.com:8383']],
    ['spin.fermyon.dev:443', 'https', ['*://spin.fermyon.dev:443']],
    ['127.0.0.1:80', 'http', ['http://127.0.0.1']],
    ['[::1]:80', 'http', ['http://[::1]']],
    ['example.com/path', 'https', ['https://example.com']],
    ['//example.com/x', 'https', ['https://example.com']],
  ])('§7.32: %j takes the default scheme %s', (url, scheme, entries) => {
    expect(allows(entries, url, scheme)).toBe(true);
  });
  it('§7.33: an explicit default port is dropped for special schemes, kept for others', () => {
    expect(allows(['https://h.test'], 'https://h.test:443/')).toBe(true);
    expect(allows(['redis://h.test'], 'redis://h.test:6379')).toBe(true);
    expect(AllowedHosts.parse([]).explain('https://h.test:443/').destination).toBe('https://h.test');
    expect(AllowedHosts.parse([]).explain('redis://h.test:6379', 'redis').destination).toBe('redis://h.test:6379');
  });
  it('§7.34: a URL that cannot be parsed is denied, even by *://*:*', () => {
    expect(allows(['*://*:*'], '')).toBe(false);
    expect(allows(['*://*:*'], '%zz')).toBe(false);
    expect(AllowedHosts.parse(['*://*:*']).explain('%zz').denial?.reason).toBe('unparsable-url');
  });
  it('§7.32: a broken absolute URL is retried with the default scheme, as in Spin, so its scheme becomes the host', () => {
    expect(AllowedHosts.parse([]).explain('http://[::1').destination).toBe('https://http');
  });
});

describe('spec §8 matching one entry', () => {
  it('§8.37: schemes compare exactly; HTTP://h:80 never matches', () => {
    expect(allows(['http://h.test'], 'https://h.test')).toBe(false);
    expect(allows(['HTTP://h.test:80'], 'http://h.test')).toBe(false);
    expect(allows(['*://h.test:80'], 'http://h.test')).toBe(true);
  });
  it('§8.38: hosts compare case-insensitively, even for non-special schemes', () => {
    expect(allows(['redis://myhost'], 'redis://MyHost', 'redis')).toBe(true);
    expect(allows(['https://example.com'], 'https://EXAMPLE.com')).toBe(true);
  });
  it('§8.38: literals compare as normalised hosts', () => {
    expect(allows(['http://127.1'], 'http://127.0.0.1/')).toBe(true);
    expect(allows(['http://127.0.0.1'], 'http://[::ffff:127.0.0.1]/')).toBe(false);
    expect(allows(['http://example.com.'], 'http://example.com/')).toBe(false);
    expect(allows(['http://[::1]'], 'http://[0:0::1]/')).toBe(true);
  });
  it('§8.38: a wildcard matches subdomains at any depth, never the apex, a look-alike or an IP', () => {
    const entries = ['http://*.example.com', 'http://*.example2.com:8383'];
    expect(allows(entries, 'http://a.example.com/foo/bar')).toBe(true);
    expect(allows(entries, 'http://a.b.example.com/foo/bar')).toBe(true);
    expect(allows(entries, 'http://a.b.example2.com:8383/foo/bar')).toBe(true);
    expect(allows(entries, 'http://a.b.example2.com/foo/bar')).toBe(false);
    expect(allows(entries, 'http://example.com/foo/bar')).toBe(false);
    expect(allows(entries, 'http://example.com:8383/foo/bar')).toBe(false);
    expect(allows(entries, 'http://myexample.com/foo/bar')).toBe(false);
    expect(allows(['http://*.com'], 'http://1.2.3.4/')).toBe(false);
  });
  it('§8.38: a CIDR matches IP literals of its family and never a domain', () => {
    expect(allows(['*://127.0.0.1/24:63551'], 'tcp://127.0.0.1:63551', 'tcp')).toBe(true);
    expect(allows(['http://10.0.0.0/8'], 'http://10.20.30.40/')).toBe(true);
    expect(allows(['http://10.0.0.0/8'], 'http://11.0.0.1/')).toBe(false);
    expect(allows(['http://10.0.0.0/8'], 'http://ten.example/')).toBe(false);
    expect(allows(['http://0.0.0.0/0'], 'http://[::1]/')).toBe(false);
    expect(allows(['http://2001:db8::/32'], 'http://[2001:db8::5]/')).toBe(true);
    expect(allows(['http://2001:db8::/32'], 'http://[2001:db9::5]/')).toBe(false);
    expect(allows(['http://::/0'], 'http://[::ffff:127.0.0.1]/')).toBe(true);
  });
  it('§8.38: self matches no absolute URL; http://* does', () => {
    expect(allows(['http://self'], 'http://self/x')).toBe(false);
    expect(allows(['http://*'], 'http://self/x')).toBe(true);
  });
  it('§8.39: ports use the request\'s explicit port, else its scheme\'s default, else deny', () => {
    expect(allows(['*://example.com:443'], 'https://example.com')).toBe(true);
    expect(allows(['*://example.com:21'], 'ftp://example.com')).toBe(false);
    expect(allows(['tcp://example.com:*'], 'tcp://example.com', 'tcp')).toBe(true);
    expect(allows(['tcp://example.com:80'], 'tcp://example.com', 'tcp')).toBe(false);
  });
  it('§5.22 at run time: a range is half-open and a reversed range matches nothing', () => {
    expect(allows(['http://h.test:8080..8090'], 'http://h.test:8080')).toBe(true);
    expect(allows(['http://h.test:8080..8090'], 'http://h.test:8089')).toBe(true);
    expect(allows(['http://h.test:8080..8090'], 'http://h.test:8090')).toBe(false);
    expect(allows(['http://h.test:9000..8000'], 'http://h.test:8500')).toBe(false);
  });
  it('spin test_allowed_hosts_can_be_specific', () => {
    const entries = ['*://spin.fermyon.dev:443', 'http://example.com:8383'];
    expect(allows(entries, 'http://example.com:8383/foo/bar', 'http')).toBe(true);
    expect(allows(entries, 'https://spin.fermyon.dev')).toBe(true);
    expect(allows(entries, 'https://spin.fermyon.dev/')).toBe(true);
    expect(allows(entries, 'http://example.com/', 'http')).toBe(false);
    expect(allows(entries, 'http://google.com/', 'http')).toBe(false);
    expect(allows(entries, 'spin.fermyon.dev:443')).toBe(true);
    expect(allows(entries, 'example.com:8383', 'http')).toBe(true);
  });
});

describe('spec §9 relative requests', () => {
  it.each([['http://self'], ['https://self'], ['http://self.alt'], ['*://self:*'], ['http://self:8080'], ['http://*'], ['*://*:*']])(
    '§9.41: %j allows relative requests',
    (entry) => {
      expect(AllowedHosts.parse([entry]).allowsRelative()).toBe(true);
    },
  );
  it.each([['redis://self'], ['http://localhost:3000'], ['http://*.example.com']])('§9.41: %j does not', (entry) => {
    expect(AllowedHosts.parse([entry]).allowsRelative()).toBe(false);
  });
});

describe('spec §10 service chaining permission', () => {
  it('§10.43: chaining uses the ordinary host check with scheme and port', () => {
    expect(allows(['http://back.spin.internal'], 'http://back.spin.internal/x')).toBe(true);
    expect(allows(['http://back.spin.internal'], 'https://back.spin.internal/x')).toBe(false);
    expect(allows(['http://back.spin.internal'], 'http://back.spin.internal:8080/x')).toBe(false);
  });
  it('§10.43: *://*:*, http://* and http://*.internal also let chaining through; self does not', () => {
    for (const entry of ['*://*:*', 'http://*', 'http://*.internal']) {
      expect(AllowedHosts.parse([entry], { componentIds: ['back'] }).allows('http://back.spin.internal/')).toBe(true);
    }
    expect(AllowedHosts.parse(['http://self'], { componentIds: ['back'] }).allows('http://back.spin.internal/')).toBe(false);
  });
});

describe('spec §14 variables in entries', () => {
  it('§14.58: variables may supply a host, a port, a wildcard or the whole entry', () => {
    const variables = { h: 'api.test', p: '8443', w: '*.example.com', whole: 'https://whole.test' };
    const hosts = AllowedHosts.parse(['https://{{h}}:{{ p }}', 'http://{{ w }}', '{{whole}}'], { variables });
    expect(hosts.allows('https://api.test:8443/')).toBe(true);
    expect(hosts.allows('http://x.example.com/')).toBe(true);
    expect(hosts.allows('https://whole.test/')).toBe(true);
    expect(hosts.explain('https://api.test:8443/').matchedBy).toBe('https://{{h}}:{{ p }}');
  });
  it('§14.60: an unknown variable passes validation but denies every request at run time', () => {
    expect(() => validateAllowedHosts(['https://{{ nope }}'], {})).not.toThrow();
    const hosts = AllowedHosts.parse(['https://{{ nope }}', 'https://literal.test']);
    expect(hosts.resolutionError).toBeInstanceOf(VariableError);
    expect(hosts.resolutionError?.message).toContain('"nope"');
    expect(hosts.allows('https://literal.test/')).toBe(false);
    expect(hosts.explain('https://literal.test/').denial?.reason).toBe('policy-unresolved');
  });
  it('§14.60: defaults that resolve to a bad entry fail validation with Spin\'s message', () => {
    const run = () => validateAllowedHosts(['https://{{ h }}:{{ p }}'], { h: 'api.test', p: 'x' });
    expect(run).toThrow(AllowedHostError);
    expect(run).toThrow(
      'using default variable value(s) with template "https://{{ h }}:{{ p }}" results in invalid config "https://api.test:x": Invalid allowed host port "x": port "x" is not a number',
    );
  });
  it('§14.61: a comma-separated value is one invalid host, not a list', () => {
    const hosts = AllowedHosts.parse(['https://{{ h }}'], { variables: { h: 'a.com,b.com' } });
    expect(hosts.allows('https://a.com/')).toBe(false);
  });
  it('§14.61: values come from any object with get(), such as a Map', () => {
    expect(AllowedHosts.parse(['https://{{ h }}'], { variables: new Map([['h', 'm.test']]) }).allows('https://m.test/')).toBe(true);
  });
});

describe('allowedBy: the entry that lets a request out', () => {
  const hosts = AllowedHosts.parse(['https://api.example.com', 'https://*.example.com', '*://*:*', 'http://self']);

  it('is the earliest entry in list order that matches', () => {
    expect(hosts.allowedBy('https://api.example.com/v1')).toBe('https://api.example.com');
    expect(hosts.allowedBy('https://www.example.com/')).toBe('https://*.example.com');
    expect(hosts.allowedBy('http://localhost:8080/')).toBe('*://*:*');
  });

  it('spec §9.41: for a relative request, the first entry that allows self (here the * one)', () => {
    expect(hosts.allowedByRelative()).toBe('*://*:*');
  });

  it('is undefined when Spin denies the request, unparsable URLs included (spec §7.34)', () => {
    const narrow = AllowedHosts.parse(['https://api.example.com']);
    expect(narrow.allowedBy('https://other.example.com/')).toBeUndefined();
    expect(narrow.allowedBy('https://[oops/')).toBeUndefined();
    expect(narrow.allowedByRelative()).toBeUndefined();
  });
});
