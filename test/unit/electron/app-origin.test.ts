import fc from 'fast-check';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, rendererFileFor } from '../../../electron/app-origin.js';

const ROOT = join('/opt', 'spinscope', 'dist', 'renderer');

describe('rendererFileFor', () => {
  it.each([
    ['app://spinscope/', join(ROOT, 'index.html')],
    [APP_ENTRY_URL, join(ROOT, 'index.html')],
    ['app://spinscope/assets/index-3f2a.js', join(ROOT, 'assets', 'index-3f2a.js')],
    ['app://spinscope/assets/a%20b.css?v=1#x', join(ROOT, 'assets', 'a b.css')],
    // A URL's own dot segments resolve against its root, as a browser resolves them.
    ['app://spinscope/../secret.txt', join(ROOT, 'secret.txt')],
    ['app://spinscope/%2e%2e/%2e%2e/etc/passwd', join(ROOT, 'etc', 'passwd')],
  ])('serves %s from the renderer folder', (url, file) => {
    expect(rendererFileFor(url, ROOT)).toBe(file);
  });

  it.each([
    'app://spinscope/assets/..%2f..%2f..%2fetc/passwd',
    'app://spinscope/%00index.html',
    'app://spinscope/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'https://spinscope/index.html',
  ])('serves nothing for %s', (url) => {
    expect(rendererFileFor(url, ROOT)).toBeUndefined();
  });

  it('never names a file outside the renderer folder, whatever the path', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('..', '%2e%2e', '.', '%2f', '%5c', 'a', 'assets', ''), fc.string()), { maxLength: 8 }), (segments) => {
        const file = rendererFileFor(`app://spinscope/${segments.join('/')}`, ROOT);
        if (file === undefined) return;
        const inside = relative(ROOT, file);
        expect(inside.startsWith(`..${sep}`) || inside === '..' || inside === '').toBe(false);
      }),
    );
  });
});

describe('isAppUrl', () => {
  it('accepts only the app://spinscope origin', () => {
    expect(isAppUrl('app://spinscope/index.html')).toBe(true);
    expect(isAppUrl('app://SPINSCOPE/x')).toBe(true);
    for (const url of ['app://spinscope.evil/', 'app://other/', 'http://spinscope/', 'file:///', 'about:blank', 'not a url', '']) expect(isAppUrl(url)).toBe(false);
  });
});
