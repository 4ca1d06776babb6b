import type { CapturedBody, HeaderList, InboundRequestEvent, OutboundRequestEvent } from '../../runtime/api/events.js';
import { CONNECTION_HEADERS, replayableHeaders } from '../../runtime/api/request-draft.js';

/** A recorded request as a client would send it again: what every snippet is written from. */
export interface SnippetRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  /** The recorded body; undefined while it is still streaming. */
  readonly body: CapturedBody | undefined;
  /** Something the snippet cannot reproduce, said as a note above it. */
  readonly note?: string;
}

/** An outbound request, to the URL the guest asked for; `body` is its recorded body, the event's unless it streamed. */
export function outboundSnippet(event: OutboundRequestEvent, body: CapturedBody | undefined = event.body): SnippetRequest {
  // The client computes these itself; copying them would make the copy wrong.
  const headers = event.headers.filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase()));
  return { method: event.method, url: event.url, headers, body };
}

/**
 * An inbound request, to the app's own address `origin` (e.g. `http://127.0.0.1:3000`):
 * the headers the client sent, without the `spin-*` ones the listener added.
 */
export function inboundSnippet(event: InboundRequestEvent, origin: string, body: CapturedBody | undefined = event.body): SnippetRequest {
  const headers = replayableHeaders(event.headers);
  const note =
    event.chainedFrom === undefined
      ? undefined
      : `${event.component ?? 'this component'} received this from ${event.chainedFrom} by service chaining; sent to the app's address, its routes decide who answers`;
  return { method: event.method, url: `${origin}${event.pathWithQuery}`, headers, body, ...(note === undefined ? {} : { note }) };
}

/** The request as a `curl` command line (POSIX shell quoting). */
export function curlCommand(request: SnippetRequest): string {
  const body = bodyText(request.body);
  const parts = ['curl'];
  // curl reads [ ] { } in a URL as a glob unless told not to.
  if (/[[\]{}]/.test(request.url)) parts.push('--globoff');
  parts.push(shellQuote(request.url));
  if (request.method === 'HEAD' && body.text === undefined) parts.push('--head');
  else if (request.method !== (body.text === undefined ? 'GET' : 'POST')) parts.push('-X', shellWord(request.method));
  // `Name:` with nothing after it tells curl to drop the header; `Name;` sends it empty.
  for (const [name, value] of request.headers) parts.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  if (body.text !== undefined) parts.push('--data-raw', shellQuote(body.text));
  return withNotes('#', [request.note, body.caveat], parts.join(' '));
}

/** The request as a JavaScript `fetch()` call. */
export function fetchCall(request: SnippetRequest): string {
  const body = bodyText(request.body);
  const init: string[] = [`  method: ${JSON.stringify(request.method)},`];
  if (request.headers.length > 0) {
    const names = request.headers.map(([name]) => name.toLowerCase());
    // An object would keep one value of a repeated header; pairs keep them all.
    const repeated = new Set(names).size < names.length;
    const lines = request.headers.map(([name, value]) => (repeated ? `    [${JSON.stringify(name)}, ${JSON.stringify(value)}],` : `    ${JSON.stringify(name)}: ${JSON.stringify(value)},`));
    init.push(repeated ? '  headers: [' : '  headers: {', ...lines, repeated ? '  ],' : '  },');
  }
  if (body.text !== undefined) init.push(`  body: ${JSON.stringify(body.text)},`);
  return withNotes('//', [request.note, body.caveat], `await fetch(${JSON.stringify(request.url)}, {\n${init.join('\n')}\n});`);
}

// HTTPie's request-item separators (httpie/cli/constants.py): a backslash before one of
// these characters makes it literal.
const HTTPIE_SPECIAL = /[:;=@]/g;

/** The request as an HTTPie (`http`) command line (POSIX shell quoting). */
export function httpieCommand(request: SnippetRequest): string {
  const body = bodyText(request.body);
  const parts = ['http', shellWord(request.method), shellQuote(request.url)];
  let backslashCaveat: string | undefined;
  for (const [name, value] of request.headers) {
    // `Name:` with no value tells HTTPie to drop the header; `Name;` sends it empty.
    if (value === '') {
      parts.push(shellQuote(`${name};`));
      continue;
    }
    if (/\\[:;=@]/.test(value)) backslashCaveat = `HTTPie cannot send a backslash right before : ; = or @, as the value of ${name} has`;
    parts.push(shellQuote(`${name}:${value.replace(HTTPIE_SPECIAL, '\\$&')}`));
  }
  if (body.text !== undefined) parts.push('--raw', shellQuote(body.text));
  return withNotes('#', [request.note, body.caveat, backslashCaveat], parts.join(' '));
}

/** The body as text for a snippet, or why the snippet cannot carry it exactly. */
function bodyText(body: CapturedBody | undefined): { text?: string; caveat?: string } {
  if (body === undefined) return { caveat: 'the body is still streaming, so it is not recorded yet' };
  if (body.size === 0) return {};
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body.captured);
  } catch {
    return { caveat: `the body is ${body.size} bytes of binary data, which a command line cannot carry: it is left out` };
  }
  if (text.includes('\u0000')) return { caveat: `the body holds NUL bytes, which a command line cannot carry: it is left out` };
  if (body.truncated) return { text, caveat: `the body was captured only up to ${body.captured.length} of ${body.size} bytes` };
  return { text };
}

/** Quotes `text` for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A method as one shell word: as it is when plain (most are), quoted when it holds a character the shell reads. */
function shellWord(method: string): string {
  return /^[\w.-]+$/.test(method) ? method : shellQuote(method);
}

function withNotes(comment: string, notes: readonly (string | undefined)[], snippet: string): string {
  const lines = notes.filter((note) => note !== undefined).map((note) => `${comment} Note: ${note}.`);
  return [...lines, snippet].join('\n');
}
