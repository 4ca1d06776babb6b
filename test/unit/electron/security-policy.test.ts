import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, RESPONSE_SECURITY_HEADERS, isTrustedSender } from '../../../electron/security-policy.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('the renderer Content-Security-Policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('allows no inline code, eval or wasm-eval anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|wasm-unsafe-eval|strict-dynamic|\*/);
  });

  it('loads scripts and styles only from our own origin', () => {
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('names no remote origin: every source is self, none, data: images or the app: origin', () => {
    const sources = [...policy.values()].flat();
    expect(sources.filter((source) => !["'self'", "'none'", 'data:', 'app://spinscope'].includes(source))).toEqual([]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
  });

  it('forbids plugins, <base>, form posts and framing', () => {
    for (const name of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(policy.get(name)).toEqual(["'none'"]);
  });

  it('is sent on every app: response with nosniff', () => {
    expect(RESPONSE_SECURITY_HEADERS).toEqual({ 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' });
  });
});

describe('isTrustedSender', () => {
  const mainFrame = { url: 'app://spinscope/index.html' };

  it('trusts our window main frame showing our renderer', () => {
    expect(isTrustedSender(mainFrame, mainFrame)).toBe(true);
  });

  it.each([
    ['a subframe of our page', { url: 'app://spinscope/index.html' }],
    ['a frame that has gone', null],
    ['no frame at all', undefined],
  ])('refuses %s', (_case, sender) => {
    expect(isTrustedSender(sender, mainFrame)).toBe(false);
  });

  it.each(['https://evil.example/', 'file:///home/me/index.html', 'app://spinscope.evil/', 'app://other/index.html', 'http://spinscope/', 'not a url'])(
    'refuses the main frame once it shows %s',
    (url) => {
      const navigated = { url };
      expect(isTrustedSender(navigated, navigated)).toBe(false);
    },
  );
});
