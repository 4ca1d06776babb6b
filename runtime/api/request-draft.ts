/**
 * What a request an inspector sends to the app (`sendRequest`, `replay` with changes)
 * may hold, as one pure check the runtime enforces and the renderer's form runs as
 * the developer types, so both refuse in the same words.
 */

import type { ReplayChanges } from './contract.js';
import type { HeaderList } from './events.js';

/**
 * The largest body an inspector may send. As base64 inside one bridge message (the
 * bridge takes at most 1 MiB) it leaves room for the headers and the rest.
 */
export const MAX_SENT_BODY_BYTES = 512 * 1024;

/** Headers the connection to the app sets itself; a request may not set them. */
export const CONNECTION_HEADERS: ReadonlySet<string> = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * The headers of a recorded inbound request that a client sent and a replay sends
 * again: not those of the connection, nor the `spin-*` ones the listener added.
 */
export function replayableHeaders(headers: HeaderList): HeaderList {
  return headers.filter(([name]) => {
    const lower = name.toLowerCase();
    return !CONNECTION_HEADERS.has(lower) && !lower.startsWith('spin-');
  });
}

/** The part of a request that cannot be sent, and why, in words for the developer. */
export interface DraftProblem {
  readonly part: 'method' | 'path' | 'headers' | 'body';
  readonly message: string;
}

// RFC 9110 §5.6.2 `token`: methods (§9.1) and header names (§5.1).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TOKEN_CHARACTERS = "letters, digits and !#$%&'*+-.^_`|~";

/** The first reason `draft` cannot be sent, or undefined when every part it has can be. */
export function requestDraftProblem(draft: ReplayChanges): DraftProblem | undefined {
  return (
    (draft.method === undefined ? undefined : methodProblem(draft.method)) ??
    (draft.pathWithQuery === undefined ? undefined : pathProblem(draft.pathWithQuery)) ??
    (draft.headers === undefined ? undefined : headersProblem(draft.headers)) ??
    (draft.body === undefined ? undefined : bodyProblem(draft.body))
  );
}

function methodProblem(method: string): DraftProblem | undefined {
  if (method === '') return { part: 'method', message: 'the method is empty' };
  if (!TOKEN.test(method)) return { part: 'method', message: `the method ${JSON.stringify(method)} is not an HTTP method: one word of ${TOKEN_CHARACTERS}` };
  if (method === 'CONNECT') return { part: 'method', message: 'CONNECT asks for a tunnel rather than a response, so it cannot be sent to the app' };
  return undefined;
}

function pathProblem(path: string): DraftProblem | undefined {
  if (!path.startsWith('/')) return { part: 'path', message: `the path ${JSON.stringify(path)} must start with "/"` };
  const hash = path.indexOf('#');
  if (hash >= 0) return { part: 'path', message: `the path has a fragment ("${path.slice(hash)}"), which a client never sends: remove it, or write "#" as %23` };
  // The request line is ASCII: anything else (a space, a control, a non-ASCII letter) is percent-encoded.
  const unsent = [...path].findIndex((char) => char < '!' || char > '~');
  if (unsent >= 0) {
    return { part: 'path', message: `the path has ${describeCharacter(path[unsent] ?? '')} at character ${unsent + 1}: percent-encode it (a space is %20)` };
  }
  return undefined;
}

function headersProblem(headers: HeaderList): DraftProblem | undefined {
  for (const [index, [name, value]] of headers.entries()) {
    if (name === '') return { part: 'headers', message: `header ${index + 1} has no name` };
    if (!TOKEN.test(name)) return { part: 'headers', message: `header ${index + 1}: ${JSON.stringify(name)} is not a header name (${TOKEN_CHARACTERS} only)` };
    if (CONNECTION_HEADERS.has(name.toLowerCase())) return { part: 'headers', message: `header "${name}" is set by the connection to the app: leave it out` };
    // RFC 9110 §5.5: a field value is visible characters, spaces and tabs, and obsolete bytes 0x80-0xff.
    const bad = [...value].find((char) => (char < ' ' && char !== '\t') || char === '\u007f' || char > '\u00ff');
    if (bad !== undefined) return { part: 'headers', message: `header "${name}": its value has ${describeCharacter(bad)}, which a header value cannot hold` };
  }
  return undefined;
}

function bodyProblem(body: Uint8Array): DraftProblem | undefined {
  if (body.byteLength <= MAX_SENT_BODY_BYTES) return undefined;
  return { part: 'body', message: `the body is ${body.byteLength} bytes; the inspector sends at most ${MAX_SENT_BODY_BYTES} bytes (512 KiB)` };
}

function describeCharacter(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\n' || char === '\r') return 'a line break';
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code < 0x20 || code === 0x7f ? `a control character (${hex})` : `"${char}" (${hex})`;
}
