import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Serves the built renderer from `rendererDir`: `/` is `index.html`, other paths are
 * files inside the directory (never outside it), with their MIME type. When the
 * renderer is not built, every page explains how to build it.
 */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, rendererDir: string, headers: Readonly<Record<string, string>>): Promise<void> {
  const answer = (status: number, type: string, body: string | Buffer, extra: Readonly<Record<string, string>> = {}): void => {
    response.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
  if (!(await isFile(join(rendererDir, 'index.html')))) return answer(503, 'text/html; charset=utf-8', notBuiltPage(rendererDir));
  const file = fileFor(request.url ?? '/', rendererDir);
  if (file === undefined || !(await isFile(file))) return answer(404, 'text/plain; charset=utf-8', 'Not Found\n');
  answer(200, MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', await readFile(file));
}

/** The file a request path names inside `root`, or undefined for one that escapes it or does not decode. */
function fileFor(url: string, root: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    // A malformed percent-escape names no file.
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  return file.startsWith(normalize(root) + sep) ? file : undefined;
}

async function isFile(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ?? false;
}

function notBuiltPage(rendererDir: string): string {
  const where = rendererDir.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spinscope: inspector not built</title></head>
<body>
<h1>The inspector UI is not built yet</h1>
<p>Spinscope found no <code>index.html</code> in <code>${where}</code>.</p>
<p>Run <code>npm run build</code> in the Spinscope checkout, then reload this page. The app itself is already running.</p>
</body></html>
`;
}
