/**
 * Tells the `PushQueue` what happens to the page, from the window's navigation
 * events in Electron's documented order: `did-start-navigation`, then
 * `will-frame-navigate` (where window.ts's guard may block it), `will-redirect`,
 * and `did-navigate` once a new document commits, or `did-fail-provisional-load`
 * when none does (net::ERR_ABORTED for a navigation blocked or stopped).
 * https://www.electronjs.org/docs/latest/api/web-contents#navigation-events
 */
import type { WebContents } from 'electron';
import type { PushQueue } from './push-queue.js';

/** `net::ERR_ABORTED`: the navigation was cancelled before it committed anything. */
export const ERR_ABORTED = -3;

/**
 * Follows `webContents` for `queue`; returns the function that stops. Must be called
 * after window.ts installed its guards, so `defaultPrevented` tells whether they
 * blocked a navigation.
 */
export function followRenderer(webContents: Pick<WebContents, 'on' | 'off'>, queue: PushQueue): () => void {
  const started = (details: { readonly isMainFrame: boolean; readonly isSameDocument: boolean }): void => {
    if (details.isMainFrame && !details.isSameDocument) queue.navigationStarted();
  };
  const guarded = (details: { readonly isMainFrame: boolean; readonly defaultPrevented: boolean }): void => {
    if (details.isMainFrame && details.defaultPrevented) queue.navigationCancelled();
  };
  const failed = (_event: unknown, errorCode: number, _description: string, _url: string, isMainFrame: boolean): void => {
    if (!isMainFrame) return;
    // Any other failure commits an error page in place of ours.
    if (errorCode === ERR_ABORTED) queue.navigationCancelled();
    else queue.documentReplaced();
  };
  const committed = (): void => queue.documentReplaced();
  const gone = (): void => queue.rendererGone();

  webContents.on('did-start-navigation', started);
  webContents.on('will-frame-navigate', guarded);
  webContents.on('will-redirect', guarded);
  webContents.on('did-fail-provisional-load', failed);
  webContents.on('did-navigate', committed);
  webContents.on('render-process-gone', gone);
  return () => {
    webContents.off('did-start-navigation', started);
    webContents.off('will-frame-navigate', guarded);
    webContents.off('will-redirect', guarded);
    webContents.off('did-fail-provisional-load', failed);
    webContents.off('did-navigate', committed);
    webContents.off('render-process-gone', gone);
  };
}
