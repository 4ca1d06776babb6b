import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllowedHostError, AllowedHosts, parseAllowedHost, parseOutboundUrl, suggestAllowList } from '../../../runtime/index.js';
import { entryAllows } from '../../../runtime/permissions/entry-allows.js';

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const domain = fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => octets.join('.'));
const port = fc.integer({ min: 1, max: 65535 });
const scheme = fc.constantFrom('http', 'https', 'redis', 'mysql', 'postgres', 'mqtt', 'tcp');
const host = fc.oneof(domain, ipv4);

describe('policy properties', () => {
  it('a literal entry allows its own URL, whatever the path', () => {
    fc.assert(
      fc.property(scheme, host, port, fc.webPath(), (s, h, p, path) => {
        expect(AllowedHosts.parse([`${s}://${h}:${p}`]).allows(`${s}://${h}:${p}${path}`)).toBe(true);
      }),
    );
  });

  it('a wildcard never matches its apex but matches every subdomain', () => {
    fc.assert(
      fc.property(domain, label, (d, sub) => {
        const hosts = AllowedHosts.parse([`https://*.${d}`]);
        expect(hosts.allows(`https://${d}/`)).toBe(false);
        expect(hosts.allows(`https://${sub}.${d}/`)).toBe(true);
      }),
    );
  });

  it('the suggestion for a denied URL allows that URL and no other host, port or scheme', () => {
    fc.assert(
      fc.property(scheme, host, port, (s, h, p) => {
        const url = `${s}://${h}:${p}/x`;
        const suggestion = AllowedHosts.parse([]).explain(url).suggestion;
        expect(suggestion).toBeDefined();
        const fixed = AllowedHosts.parse([suggestion ?? '']);
        expect(fixed.allows(url)).toBe(true);
        expect(fixed.allows(`${s}://x${h}.other:${p}/x`)).toBe(false);
        expect(fixed.allows(`${s}://${h}:${p === 1 ? 2 : p - 1}/x`)).toBe(false);
        expect(fixed.allows(`${s === 'http' ? 'https' : 'http'}://${h}:${p}/x`)).toBe(false);
        expect(fixed.allowsRelative()).toBe(false);
      }),
    );
  });

  it('the compiled index gives the same verdict and first match as checking every entry in order', () => {
    // Small shared pools so entries and requests collide often.
    const hosts = ['a.b', 'x.a.b', 'y.x.a.b', '10.1.2.3', '127.0.0.1', '[::1]', '[2001:db8::7]'];
    const hostPattern = fc.constantFrom(...hosts, '*', 'self', '*.a.b', '*.b', '*.x.a.b', '10.0.0.0/8', '10.1.0.0/16', '127.0.0.1/32', '::/0', '2001:db8::/32');
    const portPattern = fc.constantFrom('', ':*', ':80', ':443', ':8500', ':8000..9000');
    const entry = fc
      .tuple(fc.constantFrom('http', 'https', '*', 'redis'), hostPattern, portPattern)
      .filter(([s, , p]) => !(s === '*' && p === ''))
      .map(([s, h, p]) => `${s}://${h}${p}`);
    const url = fc
      .tuple(fc.constantFrom('http', 'https', 'redis'), fc.constantFrom(...hosts), fc.constantFrom('', ':80', ':443', ':6379', ':8500', ':9000'))
      .map(([s, h, p]) => `${s}://${h}${p}/`);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), url, (entries, request) => {
        const parsed = parseOutboundUrl(request, 'https');
        const firstByScan = entries.find((text) => entryAllows(parseAllowedHost(text), parsed));
        const explanation = AllowedHosts.parse(entries).explain(request);
        expect(explanation.allowed).toBe(firstByScan !== undefined);
        expect(explanation.matchedBy).toBe(firstByScan);
      }),
      { numRuns: 1000 },
    );
  });

  it('parsing any string either succeeds or throws AllowedHostError', () => {
    const alphabet = fc.constantFrom(...'ab*:/.[]{}@?#%0123456789 htps-_\\'.split(''));
    const text = fc.oneof(fc.string(), fc.string({ unit: alphabet }), fc.string({ unit: alphabet }).map((rest) => `http://${rest}`));
    fc.assert(
      fc.property(text, (entry) => {
        try {
          parseAllowedHost(entry);
        } catch (error) {
          expect(error).toBeInstanceOf(AllowedHostError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('suggestAllowList allows every URL it was given and never uses a wildcard', () => {
    const url = fc.tuple(scheme, host, fc.option(port)).map(([s, h, p]) => `${s}://${h}${p === null ? '' : `:${p}`}/`);
    fc.assert(
      fc.property(fc.array(url, { minLength: 1, maxLength: 20 }), (urls) => {
        const list = suggestAllowList(urls);
        const hosts = AllowedHosts.parse(list);
        for (const u of urls) expect(hosts.allows(u)).toBe(true);
        for (const entry of list) expect(entry).not.toMatch(/:\/\/\*/);
      }),
    );
  });
});
