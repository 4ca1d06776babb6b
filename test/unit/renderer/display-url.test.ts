import { describe, expect, it } from 'vitest';
import { displayUrl } from '../../../renderer/format/display-url.js';

describe('displayUrl', () => {
  it.each([
    ['/caf%C3%A9?q=a%20b', '/café?q=a b'],
    ['https://example.test/%E6%97%A5%E6%9C%AC', 'https://example.test/日本'],
    ['/plain/path?x=1', '/plain/path?x=1'],
    ['/%7Euser/%F0%9F%98%80', '/~user/😀'],
  ])('decodes the escapes of printable characters: %s', (raw, shown) => {
    expect(displayUrl(raw)).toBe(shown);
  });

  it.each([
    ['/a%2Fb?next=%2Fhome%3Fx%3D1%26y%3D2', 'a delimiter inside a segment or a value'],
    ['/100%25', 'a percent sign'],
    ['/x%00y%0A', 'control characters'],
    ['/safe%E2%80%AEtxt.exe', 'a right-to-left override'],
    ['/zero%E2%80%8Bwidth', 'a zero-width space'],
    ['/latin1-%E9', 'a byte that is not UTF-8'],
    ['/overlong-%C0%AF', 'an overlong encoding'],
    ['/cut-%E6%97', 'a sequence cut short'],
  ])('keeps %s as written (%s)', (raw) => {
    expect(displayUrl(raw)).toBe(raw);
  });

  it('decodes around what it keeps', () => {
    expect(displayUrl('/r%C3%A9sum%C3%A9%2Fcv%E9.pdf')).toBe('/résumé%2Fcv%E9.pdf');
  });
});
