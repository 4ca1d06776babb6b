/**
 * The security rules that are plain decisions, kept free of Electron so tests
 * run them: the renderer's Content-Security-Policy, which IPC senders are ours,
 * the one browser permission the renderer gets, and which new-window requests
 * go to the developer's browser.
 */
import { contentSecurityPolicy } from '../runtime/index.js';
import { APP_ORIGIN, isAppUrl } from './app-origin.js';

/**
 * The renderer's Content-Security-Policy, the same one `spinscope ui` serves:
 * only our own scripts, styles and images, no inline code, no eval, no remote origin.
 */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(APP_ORIGIN);

/** Headers on every response of the `app:` scheme. */
export const RESPONSE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/** The part of Electron's `WebFrameMain` the sender check reads. */
export interface FrameLike {
  readonly url: string;
}

/**
 * Whether an IPC message comes from our window's main frame showing our own
 * renderer: not from a subframe, not after a navigation elsewhere, not from a
 * frame that has gone (`senderFrame` is null then).
 */
export function isTrustedSender(senderFrame: FrameLike | null | undefined, mainFrame: FrameLike | undefined): boolean {
  return senderFrame !== null && senderFrame !== undefined && senderFrame === mainFrame && isAppUrl(senderFrame.url);
}

/**
 * The one permission the renderer is granted: `clipboard-sanitized-write`, which
 * `navigator.clipboard.writeText` needs (the Copy buttons), and only to our own
 * page in the main frame. Reading the clipboard, notifications, media and the rest stay denied.
 */
export const GRANTED_PERMISSION = 'clipboard-sanitized-write';

/** What a permission request or check says about who asks. */
export interface PermissionAsker {
  /** The requesting frame's URL (requests, and most checks) or origin (checks without a URL). */
  readonly url: string | undefined;
  readonly isMainFrame: boolean;
}

/** Whether `permission`, requested or checked by `asker`, is granted (see {@link GRANTED_PERMISSION}). */
export function isPermissionGranted(permission: string, asker: PermissionAsker): boolean {
  return permission === GRANTED_PERMISSION && asker.isMainFrame && asker.url !== undefined && isAppUrl(asker.url);
}

/**
 * The URL to hand to the developer's browser for a new-window request (the
 * renderer's `target="_blank"` links to the app it serves), or undefined to
 * refuse it. Only http(s) URLs on the running app's own origin, without
 * credentials, qualify; the window itself is never opened.
 */
export function externalLinkTarget(url: string, appOrigin: string | undefined): string | undefined {
  const link = URL.parse(url);
  const app = appOrigin === undefined ? null : URL.parse(appOrigin);
  if (link === null || app === null) return undefined;
  if (link.protocol !== 'http:' && link.protocol !== 'https:') return undefined;
  if (link.username !== '' || link.password !== '') return undefined;
  return link.origin === app.origin ? link.href : undefined;
}
