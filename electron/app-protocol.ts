/**
 * The `app://spinscope/` scheme: registered as privileged before the app is
 * ready, then served from the built renderer folder with our security headers.
 * Nothing else is reachable through it (see `rendererFileFor`).
 */
import { net, protocol, type Session } from 'electron';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, rendererFileFor } from './app-origin.js';
import { RESPONSE_SECURITY_HEADERS } from './security-policy.js';

/**
 * Must run before `app` is ready. `standard` gives the scheme real origins and
 * relative URLs (Vite's `./assets/...`), `secure` makes it a secure context
 * like https, `supportFetchAPI` lets module scripts load from it. No CSP bypass.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves `rendererDir` on the `app:` scheme of `session`; GET and HEAD only. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method Not Allowed');
    if (!(await isFile(join(rendererDir, 'index.html')))) return notBuilt(rendererDir);
    const file = rendererFileFor(request.url, rendererDir);
    if (file === undefined || !(await isFile(file))) return answer(404, 'Not Found');
    // net.fetch streams the file (from inside an asar archive too) with its MIME type.
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(RESPONSE_SECURITY_HEADERS)) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  });
}

function answer(status: number, text: string, type = 'text/plain; charset=utf-8'): Response {
  return new Response(text, { status, headers: { ...RESPONSE_SECURITY_HEADERS, 'Content-Type': type } });
}

function notBuilt(rendererDir: string): Response {
  const where = rendererDir.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return answer(
    503,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Spinscope: inspector not built</title></head>
<body><h1>The inspector UI is not built yet</h1><p>Spinscope found no <code>index.html</code> in <code>${where}</code>.</p>
<p>Run <code>npm run build</code> in the Spinscope checkout and start the app again. The Spin app itself is already running.</p></body></html>`,
    'text/html; charset=utf-8',
  );
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
