/**
 * The Content-Security-Policy the inspector runs under, in a browser and in the
 * Electron window: only its own scripts, styles and images (plus `data:` images, and
 * `blob:` ones the page makes itself to preview an image body), and connections only
 * to its own origin and that origin's WebSocket bridge. No
 * inline script or style, no plugins, no framing, no `<base>` or form targets.
 * `origin` is where the renderer is served from, e.g. `http://127.0.0.1:3210`.
 */
export function contentSecurityPolicy(origin: string): string {
  const socket = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
