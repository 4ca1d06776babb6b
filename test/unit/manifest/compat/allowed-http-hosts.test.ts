import { describe, expect, it } from 'vitest';
import { AllowedHttpHostsError, convertAllowedHttpHosts } from '../../../../runtime/manifest/index.js';

function problemsOf(entries: string[]): readonly string[] {
  try {
    convertAllowedHttpHosts(entries);
  } catch (error) {
    if (error instanceof AllowedHttpHostsError) return error.problems;
    throw error;
  }
  throw new Error(`${JSON.stringify(entries)} converted without error`);
}

describe('spec §16: convertAllowedHttpHosts', () => {
  it.each([
    ['http://spin.fermyon.dev', ['http://spin.fermyon.dev', 'https://spin.fermyon.dev']],
    ['http://spin.fermyon.dev/', ['http://spin.fermyon.dev', 'https://spin.fermyon.dev']],
    ['https://spin.fermyon.dev', ['http://spin.fermyon.dev', 'https://spin.fermyon.dev']],
    ['http://spin.fermyon.dev:4444', ['http://spin.fermyon.dev:4444', 'https://spin.fermyon.dev:4444']],
    ['https://spin.fermyon.dev:5555/', ['http://spin.fermyon.dev:5555', 'https://spin.fermyon.dev:5555']],
    ['spin.fermyon.dev', ['http://spin.fermyon.dev', 'https://spin.fermyon.dev']],
    ['spin.fermyon.dev:7777', ['http://spin.fermyon.dev:7777', 'https://spin.fermyon.dev:7777']],
    ['localhost:3001', ['http://localhost:3001', 'https://localhost:3001']],
    ['192.168.1.1:3002', ['http://192.168.1.1:3002', 'https://192.168.1.1:3002']],
    ['[::1]', ['http://[::1]', 'https://[::1]']],
    ['http://[::1]:8001', ['http://[::1]:8001', 'https://[::1]:8001']],
    ['self', ['http://self']],
  ])('spec §16.70: converts %s to both schemes (self to http://self only)', (entry, expected) => {
    expect(convertAllowedHttpHosts([entry])).toEqual(expected);
  });

  it('spec §16.69: drops the default port the URL parser drops', () => {
    expect(convertAllowedHttpHosts(['https://x.test:443', 'x.test:80'])).toEqual([
      'http://x.test',
      'https://x.test',
      'http://x.test',
      'https://x.test',
    ]);
  });

  it('spec §16.70: self.alt is not special and yields both schemes', () => {
    expect(convertAllowedHttpHosts(['self.alt'])).toEqual(['http://self.alt', 'https://self.alt']);
  });

  it('spec §16.68: insecure:allow-all anywhere allows all HTTP and self, ignoring even invalid entries', () => {
    expect(convertAllowedHttpHosts(['ftp://nope', 'insecure:allow-all'])).toEqual(['http://*:*', 'https://*:*', 'http://self']);
  });

  it('converts an empty list to an empty list', () => {
    expect(convertAllowedHttpHosts([])).toEqual([]);
  });

  it.each([
    ['http://spin.fermyon.dev/a', 'http://spin.fermyon.dev/a contains a path, should be host and optional port only'],
    ['http://spin.fermyon.dev:6666/a/b', 'http://spin.fermyon.dev:6666/a/b contains a path, should be host and optional port only'],
    ['ftp://spin.fermyon.dev', "ftp://spin.fermyon.dev isn't a valid host or host:port string"],
    ['exa mple.com', "exa mple.com isn't a valid host or host:port string"],
    ['https://', "https:// isn't a valid HTTP host URL: empty host"],
    ['http://example.com:99999', "http://example.com:99999 isn't a valid HTTP host URL: invalid port number"],
    ['http://[::1', "http://[::1 isn't a valid HTTP host URL: invalid IPv6 address"],
    ['http://1.2.3.999', "http://1.2.3.999 isn't a valid HTTP host URL: invalid IPv4 address"],
    ['http://exa mple.com', "http://exa mple.com isn't a valid HTTP host URL: invalid domain character"],
    ['example.com//x', "example.com//x isn't a valid HTTP host URL: relative URL without a base"],
  ])('spec §16.69: rejects %s with Spin\'s message', (entry, problem) => {
    expect(problemsOf([entry])).toEqual([problem]);
  });

  it('spec §16.69: collects every invalid entry into one error', () => {
    expect(() => convertAllowedHttpHosts(['ftp://random-data-api.fermyon.app', 'ok.test', 'example.com/wib/wob'])).toThrow(
      'One or more allowed_http_hosts entries was invalid:\n' +
        "ftp://random-data-api.fermyon.app isn't a valid host or host:port string\n" +
        'example.com/wib/wob contains a path, should be host and optional port only',
    );
  });
});
