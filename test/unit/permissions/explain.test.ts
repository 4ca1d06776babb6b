import { describe, expect, it } from 'vitest';
import { AllowedHosts, formatAllowList, spinDenialLines, suggestAllowList } from '../../../runtime/index.js';

describe('explain', () => {
  it('names the first entry, in manifest order, that allowed the request', () => {
    const hosts = AllowedHosts.parse(['https://*.example.com', 'https://api.example.com', '*://*:*']);
    expect(hosts.explain('https://api.example.com/v1')).toEqual({
      url: 'https://api.example.com/v1',
      allowed: true,
      matchedBy: 'https://*.example.com',
      nearMisses: [],
      destination: 'https://api.example.com',
    });
  });

  it('spec §12.54: a denied https://denied.test/path suggests "https://denied.test"', () => {
    const explanation = AllowedHosts.parse([]).explain('https://denied.test/path');
    expect(explanation.allowed).toBe(false);
    expect(explanation.suggestion).toBe('https://denied.test');
    expect(explanation.denial).toEqual({ reason: 'not-allowed', message: 'no allowed_outbound_hosts entry matches https://denied.test' });
  });

  it('spec §12.53: the suggestion carries the port only when it was explicit and not the default', () => {
    const hosts = AllowedHosts.parse([]);
    expect(hosts.explain('http://h.test:8080/x').suggestion).toBe('http://h.test:8080');
    expect(hosts.explain('http://h.test:80/x').suggestion).toBe('http://h.test');
    expect(hosts.explain('redis://h:6379', 'redis').suggestion).toBe('redis://h:6379');
    expect(hosts.explain('1.2.3.4:80', 'tcp').suggestion).toBe('tcp://1.2.3.4:80');
    expect(hosts.explain('http://[::1]:3000/').suggestion).toBe('http://[::1]:3000');
  });

  it('writes out the port where Spin\'s own suggestion would not parse (ws:// drops port 80)', () => {
    expect(AllowedHosts.parse([]).explain('ws://h.test/socket').suggestion).toBe('ws://h.test:80');
  });

  it('spec §12.53: a relative request suggests http://self', () => {
    const explanation = AllowedHosts.parse(['https://other.test']).explainRelative();
    expect(explanation).toMatchObject({ allowed: false, destination: 'http://self', suggestion: 'http://self' });
    expect(AllowedHosts.parse(['http://self']).explainRelative()).toMatchObject({ allowed: true, matchedBy: 'http://self' });
  });

  it('reports entries that failed on exactly one part as near misses', () => {
    const hosts = AllowedHosts.parse([
      'http://api.example.com',
      'https://api.example.com:8443',
      'https://*.example.com',
      'https://unrelated.test',
      'http://self',
    ]);
    expect(hosts.explain('https://api.example.com/').nearMisses).toEqual([]);
    expect(hosts.explain('https://example.com/').nearMisses).toEqual([{ entry: 'https://*.example.com', failed: 'host' }]);
    expect(hosts.explain('https://api.example.com:9000/').nearMisses).toEqual([
      { entry: 'https://api.example.com:8443', failed: 'port' },
      { entry: 'https://*.example.com', failed: 'port' },
    ]);
    expect(hosts.explain('http://api.example.com:8443/').nearMisses).toEqual([
      { entry: 'http://api.example.com', failed: 'port' },
      { entry: 'https://api.example.com:8443', failed: 'scheme' },
    ]);
    expect(hosts.explain('http://self/').nearMisses).toEqual([{ entry: 'http://self', failed: 'host' }]);
  });

  it('spec §12.54: prints Spin\'s three denial lines, with the special wording for self', () => {
    expect(spinDenialLines('https://denied.test')).toEqual([
      'Outbound network destination not allowed: https://denied.test',
      "Warning: A component tried to make an outbound network connection to disallowed destination 'https://denied.test'.",
      'To allow this request, add \'allowed_outbound_hosts = ["https://denied.test"]\' to the manifest component section.',
    ]);
    expect(spinDenialLines('http://self')[1]).toBe(
      'Warning: A component tried to make an HTTP request to its own app but it does not have permission.',
    );
  });
});

describe('suggestAllowList', () => {
  it('lists one entry per scheme and host, sorted by host, with default ports implicit', () => {
    expect(
      suggestAllowList(['https://b.test/x', 'https://a.test/y', 'http://a.test/z', 'https://a.test:443/again', 'redis://cache:6379']),
    ).toEqual(['http://a.test', 'https://a.test', 'https://b.test', 'redis://cache']);
  });
  it('merges contiguous ports into a half-open range and keeps separate ones apart', () => {
    expect(suggestAllowList(['http://h:8080', 'http://h:8081', 'http://h:8082', 'http://h:9000'])).toEqual([
      'http://h:8080..8083',
      'http://h:9000',
    ]);
    expect(suggestAllowList(['http://h:65534', 'http://h:65535'])).toEqual(['http://h:65534..65535', 'http://h:65535']);
  });
  it('turns relative requests into http://self and keeps chaining hosts literal', () => {
    expect(suggestAllowList(['/api', 'http://backend.spin.internal/x'])).toEqual(['http://self', 'http://backend.spin.internal']);
  });
  it('never widens to a wildcard host', () => {
    expect(suggestAllowList(['https://a.example.com', 'https://b.example.com'])).toEqual(['https://a.example.com', 'https://b.example.com']);
  });
  it('formats the list as a TOML array ready to paste', () => {
    expect(formatAllowList(['http://self', 'https://api.test'])).toBe('allowed_outbound_hosts = [\n    "http://self",\n    "https://api.test",\n]');
    expect(formatAllowList([])).toBe('allowed_outbound_hosts = []');
  });
});
