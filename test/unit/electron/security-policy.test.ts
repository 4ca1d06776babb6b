import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, RESPONSE_SECURITY_HEADERS, externalLinkTarget, isPermissionGranted, isTrustedSender } from '../../../electron/security-policy.js';

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

  it('names no remote origin: every source is self, none, data: or blob: images or the app: origin', () => {
    const sources = [...policy.values()].flat();
    expect(sources.filter((source) => !["'self'", "'none'", 'data:', 'blob:', 'app://spinscope'].includes(source))).toEqual([]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
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

describe('isPermissionGranted', () => {
  it('grants clipboard writes to our page in the main frame, by URL or by origin', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', { url: 'app://spinscope/index.html', isMainFrame: true })).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', { url: 'app://spinscope', isMainFrame: true })).toBe(true);
  });

  it.each([
    ['clipboard-read', 'app://spinscope/index.html', true],
    ['deprecated-sync-clipboard-read', 'app://spinscope/index.html', true],
    ['notifications', 'app://spinscope/index.html', true],
    ['clipboard-sanitized-write', 'app://spinscope/index.html', false],
    ['clipboard-sanitized-write', 'http://127.0.0.1:3000/', true],
    ['clipboard-sanitized-write', 'app://spinscope.evil/', true],
    ['clipboard-sanitized-write', undefined, true],
  ])('denies %s to %s (main frame: %s)', (permission, url, isMainFrame) => {
    expect(isPermissionGranted(permission, { url, isMainFrame })).toBe(false);
  });
});

describe('externalLinkTarget', () => {
  const app = 'http://127.0.0.1:3000';

  it.each([
    [`${app}/`, `${app}/`],
    [`${app}/hello/...?x=1#top`, `${app}/hello/...?x=1#top`],
    ['HTTP://127.0.0.1:3000/a b', `${app}/a%20b`],
  ])('hands %s to the browser as %s', (url, target) => {
    expect(externalLinkTarget(url, app)).toBe(target);
  });

  it.each([
    'http://127.0.0.1:3001/',
    'https://127.0.0.1:3000/',
    'http://localhost:3000/',
    'http://user:secret@127.0.0.1:3000/',
    'http://127.0.0.1:3000@evil.example/',
    'app://spinscope/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => {
    expect(externalLinkTarget(url, app)).toBeUndefined();
  });

  it('refuses everything while no app is running', () => {
    expect(externalLinkTarget(`${app}/`, undefined)).toBeUndefined();
  });

  it('never hands over a URL of another origin, whatever the string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string(), fc.string().map((rest) => `${app}${rest}`)), (url) => {
        const target = externalLinkTarget(url, app);
        if (target !== undefined) expect(new URL(target).origin).toBe(app);
      }),
    );
  });
});
