import type { CapturedBody, HeaderList, OutboundRequestEvent } from '../../runtime/api/events.js';

/** An outbound request reduced to what a snippet needs. */
interface SnippetRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  /** The body as UTF-8 text; undefined when there is none. */
  readonly body: string | undefined;
  /** Why the snippet cannot reproduce the body exactly, if it cannot. */
  readonly bodyCaveat: string | undefined;
}

// Headers the client computes itself; copying them would make the copy wrong.
const COMPUTED_HEADERS = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

function snippetRequest(request: OutboundRequestEvent, body: CapturedBody | undefined): SnippetRequest {
  const headers = request.headers.filter(([name]) => !COMPUTED_HEADERS.has(name.toLowerCase()));
  return { method: request.method, url: request.url, headers, ...bodyOf(body) };
}

function bodyOf(body: CapturedBody | undefined): Pick<SnippetRequest, 'body' | 'bodyCaveat'> {
  if (body === undefined) return { body: undefined, bodyCaveat: 'the body is still streaming, so it is not recorded yet' };
  if (body.size === 0) return { body: undefined, bodyCaveat: undefined };
  const text = new TextDecoder().decode(body.captured);
  if (body.truncated) return { body: text, bodyCaveat: `the body was captured only up to ${body.captured.length} of ${body.size} bytes` };
  return { body: text, bodyCaveat: undefined };
}

/** Quotes `text` for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The request as a `curl` command line (POSIX shell quoting); `body` is its recorded body, the event's unless it streamed. */
export function curlCommand(event: OutboundRequestEvent, body: CapturedBody | undefined = event.body): string {
  const request = snippetRequest(event, body);
  const parts = ['curl', shellQuote(request.url)];
  if (request.method !== 'GET' && !(request.method === 'POST' && request.body !== undefined)) parts.push('-X', request.method);
  for (const [name, value] of request.headers) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  const command = parts.join(' ');
  return request.bodyCaveat === undefined ? command : `# Note: ${request.bodyCaveat}.\n${command}`;
}

/** The request as a JavaScript `fetch()` call; `body` is its recorded body, the event's unless it streamed. */
export function fetchCall(event: OutboundRequestEvent, body: CapturedBody | undefined = event.body): string {
  const request = snippetRequest(event, body);
  const init: string[] = [`  method: ${JSON.stringify(request.method)},`];
  if (request.headers.length > 0) {
    const headers = request.headers.map(([name, value]) => `    ${JSON.stringify(name)}: ${JSON.stringify(value)},`);
    init.push('  headers: {', ...headers, '  },');
  }
  if (request.body !== undefined) init.push(`  body: ${JSON.stringify(request.body)},`);
  const call = `await fetch(${JSON.stringify(request.url)}, {\n${init.join('\n')}\n});`;
  return request.bodyCaveat === undefined ? call : `// Note: ${request.bodyCaveat}.\n${call}`;
}
