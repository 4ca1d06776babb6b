import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PARAMETER } from '../api/bridge-protocol.js';

/** 24 random bytes, 192 bits, as Jupyter's server token. */
const TOKEN_BYTES = 24;
const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,}$/;

/** A fresh token for one run of the bridge: {@link TOKEN_BYTES} random bytes in hex. */
export function newBridgeToken(): string {
  return randomBytes(TOKEN_BYTES).toString('hex');
}

/**
 * Why `token` cannot be a bridge token, or undefined when it can: at least 16 characters,
 * all URL-safe (it travels unescaped in the address `spinscope ui` prints).
 */
export function tokenProblem(token: string): string | undefined {
  if (TOKEN_SHAPE.test(token)) return undefined;
  return 'must be at least 16 characters of A-Z, a-z, 0-9, "-", ".", "_" or "~" (e.g. from `openssl rand -hex 24`)';
}

/**
 * Whether `request` carries `token` in its `?token=` parameter. Both sides are hashed
 * before a constant-time comparison, so neither the content nor the length of the
 * expected token leaks through timing.
 */
export function carriesToken(request: IncomingMessage, token: string): boolean {
  const given = URL.parse(request.url ?? '/', 'http://127.0.0.1')?.searchParams.get(TOKEN_PARAMETER);
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(token));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
