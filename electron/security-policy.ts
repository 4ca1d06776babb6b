/**
 * The security rules that are plain decisions, kept free of Electron so tests
 * run them: the renderer's Content-Security-Policy and which IPC senders are ours.
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
