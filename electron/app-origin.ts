/**
 * Where the renderer lives inside the window: `app://spinscope/`, a privileged
 * scheme that serves only the files of the built renderer. Pure, so the rules
 * are tested without Electron.
 *
 * Why a custom scheme rather than `loadFile`: every `file:` page shares one
 * origin with the whole disk, so a compromised renderer could read or navigate
 * to any local file; `app://spinscope` is its own origin, serves one folder,
 * and gives the CSP a `'self'` that means exactly our files.
 */
import { isAbsolute, join, normalize, relative, sep } from 'node:path';

/** The scheme registered as standard and secure before the app is ready. */
export const APP_SCHEME = 'app';

/** The one host the scheme answers for. */
export const APP_HOST = 'spinscope';

/** The renderer's origin, as `'self'` in its Content-Security-Policy. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Whether `url` is a page or file of our own renderer (and nothing else). */
export function isAppUrl(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST;
}

/**
 * The file under `rendererDir` that an `app://spinscope/...` URL names, or
 * undefined for another origin, a malformed escape, or a path that would leave
 * the folder (`..`, an encoded `%2e%2e`, an absolute path, a NUL byte).
 */
export function rendererFileFor(url: string, rendererDir: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
  const inside = relative(rendererDir, file);
  return inside !== '' && !inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside) ? file : undefined;
}
