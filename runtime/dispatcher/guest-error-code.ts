import type { HttpErrorCode } from '../http/index.js';
import { DeniedError, NoSelfOriginError, RequestBodyAbandonedError, ResponseBodyFailedError, RuleFailureError } from './outbound-errors.js';

// Node and undici error codes to the `wasi:http` `error-code` the guest receives,
// following wasmtime-wasi-http and Spin's `connect_tcp`.
const BY_CODE: Readonly<Record<string, HttpErrorCode>> = {
  ECONNREFUSED: { tag: 'connection-refused' },
  ECONNRESET: { tag: 'connection-terminated' },
  EPIPE: { tag: 'connection-terminated' },
  UND_ERR_SOCKET: { tag: 'connection-terminated' },
  UND_ERR_CLOSED: { tag: 'connection-terminated' },
  ETIMEDOUT: { tag: 'connection-timeout' },
  UND_ERR_CONNECT_TIMEOUT: { tag: 'connection-timeout' },
  // Spin's first-byte and between-bytes timeouts both surface as connection-read-timeout.
  UND_ERR_HEADERS_TIMEOUT: { tag: 'connection-read-timeout' },
  UND_ERR_BODY_TIMEOUT: { tag: 'connection-read-timeout' },
  EHOSTUNREACH: { tag: 'destination-unavailable' },
  ENETUNREACH: { tag: 'destination-unavailable' },
  // Spin's connect_tcp reports a failed lookup as DNS-error "address not available".
  ENOTFOUND: { tag: 'DNS-error', val: { rcode: 'address not available', infoCode: 0 } },
  EAI_AGAIN: { tag: 'DNS-timeout' },
};

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/;

/** The `wasi:http` `error-code` a guest sees for a failed outbound request. */
export function guestErrorCode(error: Error): HttpErrorCode {
  // spec §11.50: a denied request is `HTTP-request-denied`.
  if (error instanceof DeniedError) return { tag: 'HTTP-request-denied' };
  // spec §9.42: a self request with no origin is `HTTP-request-URI-invalid`.
  if (error instanceof NoSelfOriginError) return { tag: 'HTTP-request-URI-invalid' };
  if (error instanceof RequestBodyAbandonedError) return { tag: 'HTTP-protocol-error' };
  if (error instanceof ResponseBodyFailedError || error instanceof RuleFailureError) return error.errorCode;
  const code = errorCode(error);
  if (code !== undefined) {
    const known = BY_CODE[code];
    if (known !== undefined) return known;
    if (TLS_CODE.test(code)) return { tag: 'TLS-protocol-error' };
  }
  return { tag: 'internal-error', val: error.message };
}

/** The first `code` on the error, its `cause`, or (for happy-eyeballs connects) its first inner error. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0]);
  return cause === undefined ? undefined : errorCode(cause);
}
