/**
 * Where an HTTP/1.1 response body ends (RFC 9112 §6.3), read as hyper's client reads it
 * (`Client::decoder` in hyper's `proto/h1/role.rs`), for the one response undici leaves
 * unread: the answer to a CONNECT, which undici hands over as an upgraded socket.
 */
import { ResponseBodyFailedError } from './outbound-errors.js';

/** How the body is delimited: not at all, by a length, by chunks, or by the connection closing. */
export type BodyFraming = { readonly kind: 'none' } | { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' } | { readonly kind: 'close' };

/**
 * The framing of the response to `method` with `status` and `headers`.
 * @throws {ResponseBodyFailedError} for a `content-length` hyper refuses (not a number, or several that differ).
 */
export function responseFraming(method: string, status: number, headers: readonly (readonly [string, string])[]): BodyFraming {
  if (status === 204 || status === 304 || method === 'HEAD') return { kind: 'none' };
  // A 2xx answer to CONNECT opens a tunnel: no body follows the head.
  if (method === 'CONNECT' && status >= 200 && status < 300) return { kind: 'none' };
  const values = (name: string): string[] => headers.filter(([each]) => each.toLowerCase() === name).map(([, value]) => value.trim());
  const encodings = values('transfer-encoding').flatMap((value) => value.split(',')).map((coding) => coding.trim().toLowerCase());
  if (encodings.length > 0) return encodings.at(-1) === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  const lengths = [...new Set(values('content-length').flatMap((value) => value.split(',')).map((length) => length.trim()))];
  if (lengths.length === 0) return { kind: 'close' };
  if (lengths.length > 1 || !/^[0-9]+$/.test(lengths[0]!)) throw malformed(`invalid content-length: ${lengths.join(', ')}`);
  return { kind: 'length', length: Number(lengths[0]) };
}

/** Longest chunk-size or trailer line accepted, as a bound on what one line may buffer. */
const MAX_LINE = 8 * 1024;

/** Turns the bytes after a response head into the body's bytes, until the framing says it ended. */
export class BodyDecoder {
  readonly #framing: BodyFraming;
  #remaining: number;
  #state: 'size' | 'data' | 'data-end' | 'trailers' | 'done';
  #line = '';

  constructor(framing: BodyFraming) {
    this.#framing = framing;
    this.#remaining = framing.kind === 'length' ? framing.length : 0;
    this.#state = framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0) ? 'done' : framing.kind === 'chunked' ? 'size' : 'data';
  }

  /** Whether the body is complete; a body delimited by the connection closing never is. */
  get done(): boolean {
    return this.#state === 'done';
  }

  /** Whether the connection closing ends the body (rather than cutting it short). */
  get endsWithConnection(): boolean {
    return this.#framing.kind === 'close';
  }

  /**
   * The body bytes in `chunk`; bytes past the body's end are dropped (the connection is not reused).
   * @throws {ResponseBodyFailedError} on malformed chunked framing.
   */
  decode(chunk: Buffer): Buffer[] {
    if (this.#framing.kind === 'close') return [chunk];
    if (this.#framing.kind === 'length') {
      const piece = chunk.subarray(0, this.#remaining);
      this.#remaining -= piece.byteLength;
      if (this.#remaining === 0) this.#state = 'done';
      return piece.byteLength === 0 ? [] : [piece];
    }
    return this.#decodeChunked(chunk);
  }

  #decodeChunked(chunk: Buffer): Buffer[] {
    const body: Buffer[] = [];
    let offset = 0;
    while (offset < chunk.byteLength && this.#state !== 'done') {
      if (this.#state === 'data') {
        const piece = chunk.subarray(offset, offset + this.#remaining);
        body.push(piece);
        offset += piece.byteLength;
        this.#remaining -= piece.byteLength;
        if (this.#remaining === 0) this.#state = 'data-end';
        continue;
      }
      const end = chunk.indexOf(0x0a, offset);
      this.#line += chunk.toString('latin1', offset, end < 0 ? chunk.byteLength : end + 1);
      offset = end < 0 ? chunk.byteLength : end + 1;
      if (this.#line.length > MAX_LINE) throw this.#malformed('line too long');
      if (end >= 0) this.#endLine(this.#line);
    }
    return body;
  }

  #endLine(ended: string): void {
    this.#line = '';
    // hyper's chunked decoder takes CRLF line ends only.
    if (!ended.endsWith('\r\n')) throw this.#malformed('a line not ended by CRLF');
    const line = ended.slice(0, -2);
    if (this.#state === 'data-end') {
      if (line !== '') throw this.#malformed('no CRLF after chunk data');
      this.#state = 'size';
    } else if (this.#state === 'size') {
      const size = /^([0-9a-fA-F]+)[ \t]*(;.*)?$/.exec(line)?.[1];
      if (size === undefined) throw this.#malformed(`bad chunk size line ${JSON.stringify(line)}`);
      this.#remaining = Number.parseInt(size, 16);
      if (!Number.isSafeInteger(this.#remaining)) throw this.#malformed(`chunk size ${size} too large`);
      this.#state = this.#remaining === 0 ? 'trailers' : 'data';
    } else if (line === '') {
      this.#state = 'done';
    }
  }

  #malformed(reason: string): Error {
    return malformed(`invalid chunked body: ${reason}`);
  }
}

/** wasmtime-wasi-http reports a response hyper cannot read as `HTTP-protocol-error`. */
function malformed(reason: string): ResponseBodyFailedError {
  return new ResponseBodyFailedError({ tag: 'HTTP-protocol-error' }, reason);
}
