import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllowedHosts, auditAllowList, requestDecider, type AuditedRequest } from '../../../runtime/index.js';

const http = (url: string): AuditedRequest => ({ url, defaultScheme: 'https' });
const IDS = { componentIds: ['web', 'backend'] };

describe('auditAllowList', () => {
  it('marks an entry that allowed no request unused and drops it from the narrowest list', () => {
    const audit = auditAllowList(['https://api.test', 'https://old.test'], IDS, [http('https://api.test/v1')]);
    expect(audit.entries).toEqual([
      { entry: 'https://api.test', verdict: 'needed', allowed: 1, reasons: [], narrowTo: ['https://api.test'] },
      { entry: 'https://old.test', verdict: 'unused', allowed: 0, reasons: [], narrowTo: [] },
    ]);
    expect(audit.narrowed).toEqual(['https://api.test']);
  });

  it('counts only the first matching entry as allowing a request, as Spin reports it', () => {
    const audit = auditAllowList(['https://api.test', 'https://*.test'], IDS, [http('https://api.test/')]);
    expect(audit.entries.map((entry) => entry.verdict)).toEqual(['needed', 'unused']);
  });

  it.each([
    ['*://*:*', ['any scheme (*://)', 'any host', 'every port (:*)']],
    ['https://*', ['any host']],
    ['https://*.test', ['any subdomain of test']],
    ['http://127.0.0.0/8:*', ['a /8 network: 16777216 addresses', 'every port (:*)']],
    ['http://127.0.0.1:4000..4010', ['10 ports (4000..4010)']],
  ])('%s is too broad for two calls to 127.0.0.1:4000 and api.test, with why', (entry, reasons) => {
    const requests = [http('http://127.0.0.1:4000/a'), http('https://api.test/b'), http('http://127.0.0.1:4000/c')];
    const audit = auditAllowList([entry], IDS, requests);
    expect(audit.entries[0]).toMatchObject({ entry, verdict: 'too-broad', reasons });
    const policy = AllowedHosts.parse(audit.narrowed, IDS);
    for (const { url } of requests) expect(policy.allows(url)).toBe(AllowedHosts.parse([entry], IDS).allows(url));
  });

  it('narrows *://*:* to exact destinations: self requests to http://self, chaining to the component, ports merged', () => {
    const requests = ['/local', 'http://self.alt/also-local', 'http://backend.spin.internal/x', 'http://127.0.0.1:4001/', 'http://127.0.0.1:4000/', 'https://api.test/'].map(http);
    expect(auditAllowList(['*://*:*'], IDS, requests).narrowed).toEqual(['http://self', 'http://127.0.0.1:4000..4002', 'https://api.test', 'http://backend.spin.internal']);
  });

  it('keeps a {{ var }} entry as written, even when its value is broad', () => {
    const variables = { upstream: '*.test' };
    const audit = auditAllowList(['https://{{ upstream }}'], { ...IDS, variables }, [http('https://api.test/')]);
    expect(audit.entries[0]).toMatchObject({ verdict: 'too-broad', reasons: ['any subdomain of test'], narrowTo: ['https://{{ upstream }}'] });
    expect(audit.narrowed).toEqual(['https://{{ upstream }}']);
  });

  it('keeps a list whose template has no value as it is, and says why', () => {
    const audit = auditAllowList(['https://{{ missing }}', 'https://api.test'], IDS, [http('https://api.test/')]);
    expect(audit.narrowed).toEqual(['https://{{ missing }}', 'https://api.test']);
    expect(audit.unresolved).toContain('missing');
    expect(audit.allowedCalls).toBe(0);
  });

  it('keeps a pinned entry (a connection it cannot replay) as written', () => {
    const audit = auditAllowList(['postgres://*:5432'], IDS, [], new Set(['postgres://*:5432']));
    expect(audit.entries[0]).toMatchObject({ verdict: 'too-broad', narrowTo: ['postgres://*:5432'] });
  });

  it('checks a network interface address with its own default scheme', () => {
    const audit = auditAllowList(['*://127.0.0.1:*'], IDS, [{ url: '127.0.0.1:6379', defaultScheme: 'redis' }]);
    expect(audit.narrowed).toEqual(['redis://127.0.0.1']);
  });

  it('property: the narrowest list allows every request the list allows, and nothing it does not, templates kept', () => {
    const hosts = ['a.test', 'x.a.test', 'b.test', '10.1.2.3', '127.0.0.1', '[::1]', 'self.alt', 'backend.spin.internal'];
    const entry = fc
      .tuple(
        fc.constantFrom('http', 'https', '*', 'redis'),
        fc.constantFrom('a.test', '127.0.0.1', '*', 'self', '*.a.test', '*.test', '10.0.0.0/8', '127.0.0.1/32', '::/0', '*.spin.internal'),
        fc.constantFrom('', ':*', ':80', ':4000', ':4000..4004'),
      )
      .filter(([s, , p]) => !(s === '*' && p === ''))
      .map(([s, h, p]) => `${s}://${h}${p}`);
    const templated = fc.constantFrom('*://{{ h }}:*', 'http://{{ h }}:4000..4004', 'https://{{ h }}', '*://{{ hp }}', 'http://{{ wide }}:*');
    const options = { ...IDS, variables: { h: 'a.test', hp: '127.0.0.1:4000', wide: '*.test' } };
    const url = fc
      .tuple(fc.constantFrom('http', 'https', 'redis'), fc.constantFrom(...hosts), fc.constantFrom('', ':80', ':4000', ':4002', ':4003', ':6379'))
      .map(([s, h, p]) => `${s}://${h}${p}/`);
    const request = fc.oneof(url, fc.constant('/relative')).map(http);
    fc.assert(
      fc.property(fc.array(fc.oneof(entry, templated), { maxLength: 5 }), fc.array(request, { maxLength: 8 }), fc.array(url, { maxLength: 8 }), (entries, requests, probes) => {
        const before = AllowedHosts.parse(entries, options);
        const audit = auditAllowList(entries, options, requests);
        const after = AllowedHosts.parse(audit.narrowed, options);
        for (const written of audit.narrowed.filter((each) => each.includes('{{'))) expect(entries.some((original) => original.includes(written.slice(written.indexOf('{{'), written.indexOf('}}') + 2)))).toBe(true);
        for (const { url: observed } of requests) if (before.allowedByRequest(observed) !== undefined) expect(after.allowedByRequest(observed)).toBeDefined();
        for (const probe of [...probes, ...requests.map((each) => each.url), '/relative']) {
          if (after.allowedByRequest(probe) !== undefined) expect(before.allowedByRequest(probe)).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('auditAllowList on {{ var }} entries', () => {
  const variables = { api_host: 'api.test', upstream: '127.0.0.1:4000' };

  it('narrows a * scheme and a * port written literally, keeping the template as written', () => {
    const requests = [http('https://api.test/a'), http('http://api.test:8080/b'), http('http://api.test:8081/c')];
    const audit = auditAllowList(['*://{{ api_host }}:*'], { ...IDS, variables }, requests);
    expect(audit.entries[0]).toMatchObject({ verdict: 'too-broad', reasons: ['any scheme (*://)', 'every port (:*)'] });
    expect(audit.narrowed).toEqual(['https://{{ api_host }}', 'http://{{ api_host }}:8080..8082']);
  });

  it('narrows only the scheme when the port is inside the template', () => {
    const audit = auditAllowList(['*://{{ upstream }}'], { ...IDS, variables }, [http('http://127.0.0.1:4000/')]);
    expect(audit.narrowed).toEqual(['http://{{ upstream }}']);
  });
});

describe('requestDecider', () => {
  it('property: decides every URL as allowedByRequest does, however many share a destination', () => {
    const part = fc.constantFrom('a.test', 'b.test', '127.0.0.1', 'self.alt', 'u:p@a.test', 'a.test?x@b.test', 'a.test\\@b.test', 'a.test:8080', 'a.test#@b.test', '');
    const tail = fc.constantFrom('', '/', '/x', '/x@b.test', '?q', '?q/@b.test', '#f', '\\x');
    const url = fc.oneof(
      fc.tuple(fc.constantFrom('http://', 'https://', 'redis://', ''), part, tail).map(([s, h, t]) => `${s}${h}${t}`),
      fc.constantFrom('/relative', '//a.test/x'),
    );
    const entries = ['http://a.test', 'https://b.test', '*://127.0.0.1:*', 'http://self', 'http://b.test:8080', 'redis://a.test'];
    fc.assert(
      fc.property(fc.array(url, { maxLength: 20 }), fc.constantFrom('https', 'redis'), (urls, scheme) => {
        const policy = AllowedHosts.parse(entries);
        const decide = requestDecider(policy);
        for (const each of urls) expect(decide(each, scheme)).toBe(policy.allowedByRequest(each, scheme));
      }),
      { numRuns: 500 },
    );
  });
});
