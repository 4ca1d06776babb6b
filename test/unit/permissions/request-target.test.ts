import { describe, expect, it } from 'vitest';
import { isPathOnlyUrl, isSelfRequest, isSelfRequestUrl, serviceChainingTarget } from '../../../runtime/index.js';

describe('spec §9.40 what counts as a self request', () => {
  it.each([[undefined], [''], ['self.alt']])('host %j is a self request', (host) => {
    expect(isSelfRequest(host)).toBe(true);
  });
  it.each([['self'], ['SELF.ALT'], ['localhost'], ['self.alt.example']])('host %j is not', (host) => {
    expect(isSelfRequest(host)).toBe(false);
  });
});

describe('spec §9.40 a URL written as a path', () => {
  it.each([['/'], ['/api/items?x=1']])('%j is relative', (url) => expect(isPathOnlyUrl(url)).toBe(true));
  it.each([['//host/api'], ['http://self/api'], ['api'], ['']])('%j is not', (url) => expect(isPathOnlyUrl(url)).toBe(false));
});

describe('spec §10.44 service chaining target', () => {
  it.each([
    ['backend.spin.internal', 'backend'],
    ['backend.spin.internal:8080', 'backend'],
    ['MY-COMP.spin.internal', 'MY-COMP'],
  ])('%j targets %j', (host, target) => {
    expect(serviceChainingTarget(host)).toBe(target);
  });
  it.each([['a.b.spin.internal'], ['spin.internal'], ['backend.SPIN.internal'], ['backend.spin.internal.'], ['backend']])(
    '%j is not a chaining target and falls through to DNS',
    (host) => {
      expect(serviceChainingTarget(host)).toBeUndefined();
    },
  );
});

describe('isSelfRequestUrl', () => {
  it.each([['/api'], ['http://self.alt/x'], ['https://self.alt:8443/x?q'], ['http://user@self.alt/x'], ['http://self.alt']])('%s is a self request (spec §9.40)', (url) => {
    expect(isSelfRequestUrl(url)).toBe(true);
  });
  it.each([['//self.alt/x'], ['http://self/x'], ['http://SELF.ALT/x'], ['http://self.alt.example/x'], ['https://api.test/self.alt'], ['self.alt']])('%s is not', (url) => {
    expect(isSelfRequestUrl(url)).toBe(false);
  });
});
