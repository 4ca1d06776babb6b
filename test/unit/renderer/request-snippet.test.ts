import { describe, expect, it } from 'vitest';
import type { OutboundRequestEvent } from '../../../runtime/api/events.js';
import { curlCommand, fetchCall } from '../../../renderer/format/request-snippet.js';
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

describe('Copy as curl', () => {
  it('quotes the URL, headers and body for a POSIX shell and leaves out computed headers', () => {
    expect(curlCommand(post)).toBe(
      `curl 'https://api.example.test/items?x=1' -H 'content-type: application/json' -H 'x-note: it'\\''s' --data-raw '{"name":"it'\\''s"}'`,
    );
  });

  it('names the method only when curl would not infer it', () => {
    expect(curlCommand({ ...post, method: 'DELETE', body: body('') })).toContain(`-X DELETE`);
    expect(curlCommand({ ...post, method: 'GET', headers: [], body: body('') })).toBe(`curl 'https://api.example.test/items?x=1'`);
  });

  it('says so when the body was not recorded whole', () => {
    const truncated = { ...post, body: { ...body('abc'), size: 5_000_000, truncated: true } };
    expect(curlCommand(truncated)).toMatch(/^# Note: the body was captured only up to 3 of 5000000 bytes\.\n/);
  });
});

describe('Copy as fetch', () => {
  it('produces a fetch call with method, headers and body as JavaScript literals', () => {
    expect(fetchCall(post)).toBe(
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

  it('says so when the body is still streaming', () => {
    const { body: _body, ...streamed } = post;
    expect(fetchCall(streamed)).toMatch(/^\/\/ Note: the body is still streaming/);
  });

  it('takes a streamed body from where it was recorded', () => {
    const { body, ...streamed } = post;
    expect(fetchCall(streamed, body)).toBe(fetchCall(post));
  });
});
