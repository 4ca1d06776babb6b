import { describe, expect, it } from 'vitest';
import type { InboundRequestEvent, OutboundRequestEvent } from '../../../runtime/api/events.js';
import { curlCommand, fetchCall, httpieCommand, inboundSnippet, outboundSnippet, type SnippetRequest } from '../../../renderer/format/request-snippet.js';
import { body } from './sample-events.js';

const post: OutboundRequestEvent = {
  kind: 'outbound.request',
  id: 'r1',
  time: 0,
  traceId: 't1',
  component: 'frontend',
  method: 'POST',
  url: 'https://api.example.test/items?x=1',
  headers: [
    ['content-type', 'application/json'],
    ['host', 'api.example.test'],
    ['x-note', "it's"],
  ],
  body: body('{"name":"it\'s"}'),
};

const inbound: InboundRequestEvent = {
  kind: 'inbound.request',
  id: 'in',
  time: 0,
  traceId: 't2',
  component: 'frontend',
  method: 'GET',
  pathWithQuery: '/hello?name=a%20b',
  headers: [
    ['host', '127.0.0.1:3000'],
    ['accept', '*/*'],
    ['spin-full-url', 'http://127.0.0.1:3000/hello?name=a%20b'],
    ['spin-client-addr', '127.0.0.1:50000'],
  ],
  body: body(''),
};

const request = (overrides: Partial<SnippetRequest>): SnippetRequest => ({ method: 'GET', url: 'http://127.0.0.1:3000/', headers: [], body: body(''), ...overrides });

describe('Copy as curl', () => {
  it('quotes the URL, headers and body for a POSIX shell and leaves out computed headers', () => {
    expect(curlCommand(outboundSnippet(post))).toBe(
      `curl 'https://api.example.test/items?x=1' -H 'content-type: application/json' -H 'x-note: it'\\''s' --data-raw '{"name":"it'\\''s"}'`,
    );
  });

  it('names the method only when curl would not infer it, and asks HEAD with --head', () => {
    expect(curlCommand(request({ method: 'DELETE' }))).toBe(`curl 'http://127.0.0.1:3000/' -X DELETE`);
    expect(curlCommand(request({ method: 'GET', body: body('x') }))).toBe(`curl 'http://127.0.0.1:3000/' -X GET --data-raw 'x'`);
    expect(curlCommand(request({ method: 'POST', body: body('x') }))).toBe(`curl 'http://127.0.0.1:3000/' --data-raw 'x'`);
    expect(curlCommand(request({ method: 'HEAD' }))).toBe(`curl 'http://127.0.0.1:3000/' --head`);
    expect(curlCommand(request({ method: "ODD'$METHOD" }))).toBe(`curl 'http://127.0.0.1:3000/' -X 'ODD'\\''$METHOD'`);
  });

  it('sends an empty header as "Name;", and turns off globbing for a URL with brackets', () => {
    expect(curlCommand(request({ url: 'http://127.0.0.1:3000/q?ids=[1,2]&x={a}', headers: [['x-empty', '']] }))).toBe(
      `curl --globoff 'http://127.0.0.1:3000/q?ids=[1,2]&x={a}' -H 'x-empty;'`,
    );
  });

  it('says so when the body was not recorded whole, or cannot be carried', () => {
    const truncated = outboundSnippet({ ...post, body: { ...body('abc'), size: 5_000_000, truncated: true } });
    expect(curlCommand(truncated)).toMatch(/^# Note: the body was captured only up to 3 of 5000000 bytes\.\ncurl /);
    const binary = request({ method: 'POST', body: { captured: Uint8Array.from([0x89, 0x50, 0xff]), size: 3, truncated: false } });
    expect(curlCommand(binary)).toBe(`# Note: the body is 3 bytes of binary data, which a command line cannot carry: it is left out.\ncurl 'http://127.0.0.1:3000/' -X POST`);
  });
});

describe('an inbound request as a snippet', () => {
  it("targets the app's own address, without the listener's spin-* headers", () => {
    const snippet = inboundSnippet(inbound, 'http://127.0.0.1:3000');
    expect(snippet).toEqual({ method: 'GET', url: 'http://127.0.0.1:3000/hello?name=a%20b', headers: [['accept', '*/*']], body: body('') });
    expect(curlCommand(snippet)).toBe(`curl 'http://127.0.0.1:3000/hello?name=a%20b' -H 'accept: */*'`);
  });

  it('notes that a chained request, sent from outside, is routed by the app', () => {
    const chained: InboundRequestEvent = { ...inbound, component: 'backend', chainedFrom: 'frontend', parentId: 'out' };
    expect(fetchCall(inboundSnippet(chained, 'http://127.0.0.1:3000'))).toMatch(
      /^\/\/ Note: backend received this from frontend by service chaining; sent to the app's address, its routes decide who answers\.\nawait fetch/,
    );
  });
});

describe('Copy as fetch', () => {
  it('produces a fetch call with method, headers and body as JavaScript literals', () => {
    expect(fetchCall(outboundSnippet(post))).toBe(
      [
        `await fetch("https://api.example.test/items?x=1", {`,
        `  method: "POST",`,
        `  headers: {`,
        `    "content-type": "application/json",`,
        `    "x-note": "it's",`,
        `  },`,
        `  body: "{\\"name\\":\\"it's\\"}",`,
        `});`,
      ].join('\n'),
    );
  });

  it('keeps every value of a repeated header as name/value pairs', () => {
    expect(fetchCall(request({ headers: [['x-a', '1'], ['X-A', '2']] }))).toBe(
      [`await fetch("http://127.0.0.1:3000/", {`, `  method: "GET",`, `  headers: [`, `    ["x-a", "1"],`, `    ["X-A", "2"],`, `  ],`, `});`].join('\n'),
    );
  });

  it('says so when the body is still streaming', () => {
    const { body: _body, ...streamed } = post;
    expect(fetchCall(outboundSnippet(streamed))).toMatch(/^\/\/ Note: the body is still streaming/);
  });

  it('takes a streamed body from where it was recorded', () => {
    const { body, ...streamed } = post;
    expect(fetchCall(outboundSnippet(streamed, body))).toBe(fetchCall(outboundSnippet(post)));
  });
});

describe('Copy as HTTPie', () => {
  it('names the method and URL, writes headers as Name:value items and the body with --raw', () => {
    expect(httpieCommand(outboundSnippet(post))).toBe(
      `http POST 'https://api.example.test/items?x=1' 'content-type:application/json' 'x-note:it'\\''s' --raw '{"name":"it'\\''s"}'`,
    );
  });

  it('escapes the characters HTTPie would read as separators, and sends an empty header as "Name;"', () => {
    expect(httpieCommand(request({ headers: [['x-eq', '=a:b;c@d'], ['x-empty', '']] }))).toBe(`http GET 'http://127.0.0.1:3000/' 'x-eq:\\=a\\:b\\;c\\@d' 'x-empty;'`);
  });

  it('says so when a value has a backslash HTTPie cannot send', () => {
    expect(httpieCommand(request({ headers: [['x-path', 'C:\\=x']] }))).toMatch(/^# Note: HTTPie cannot send a backslash right before : ; = or @, as the value of x-path has\.\n/);
  });
});
