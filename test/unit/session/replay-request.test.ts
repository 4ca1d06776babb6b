import { describe, expect, it } from 'vitest';
import type { CapturedBody, SpinscopeEvent } from '../../../runtime/api/events.js';
import { ReplayError } from '../../../runtime/session/index.js';
import { replayDraft } from '../../../runtime/session/replay-request.js';

const bytes = (text: string): CapturedBody => ({ captured: new TextEncoder().encode(text), size: text.length, truncated: false });

const inbound = {
  kind: 'inbound.request',
  id: 'in',
  time: 0,
  traceId: 't',
  component: 'web',
  method: 'POST',
  pathWithQuery: '/upload?x=1',
  headers: [
    ['host', '127.0.0.1:3000'],
    ['content-type', 'text/plain'],
    ['Connection', 'keep-alive'],
    ['content-length', '5'],
    ['x-note', 'kept'],
    ['spin-full-url', 'http://127.0.0.1:3000/upload?x=1'],
    ['spin-client-addr', '127.0.0.1:50000'],
  ],
  body: bytes('hello'),
} as const satisfies SpinscopeEvent;

describe('replayDraft', () => {
  it("takes the recorded method, path, headers and body, leaving out the listener's and the connection's headers", () => {
    expect(replayDraft([inbound])).toEqual({
      method: 'POST',
      pathWithQuery: '/upload?x=1',
      headers: [
        ['content-type', 'text/plain'],
        ['x-note', 'kept'],
      ],
      body: new TextEncoder().encode('hello'),
    });
  });

  it('replaces each part the changes give, headers as a whole list, and keeps the rest', () => {
    const changed = replayDraft([inbound], { method: 'PUT', headers: [['x-note', 'changed']] });
    expect(changed).toEqual({ method: 'PUT', pathWithQuery: '/upload?x=1', headers: [['x-note', 'changed']], body: new TextEncoder().encode('hello') });
    // An empty body is no body.
    expect(replayDraft([inbound], { pathWithQuery: '/other', body: new Uint8Array() })).toEqual({ method: 'POST', pathWithQuery: '/other', headers: replayDraft([inbound]).headers });
  });

  it('takes a body that streamed in from the outcome that recorded it', () => {
    const { body: _body, ...streamed } = inbound;
    const response: SpinscopeEvent = {
      kind: 'inbound.response', id: 'out', time: 1, traceId: 't', parentId: 'in', component: 'web', status: 200, headers: [],
      body: bytes(''), requestBody: bytes('streamed'), timings: { start: 0, headers: 1, end: 1 },
    };
    expect(replayDraft([streamed, response]).body).toEqual(new TextEncoder().encode('streamed'));
  });
});

describe('replayDraft refuses what it cannot send as it was', () => {
  it('a trace whose inbound request is gone (evicted)', () => {
    expect(() => replayDraft([])).toThrow(ReplayError);
    expect(() => replayDraft([])).toThrow(/no recorded inbound request/);
  });

  it('a request whose body was captured only in part, unless the changes give a new body', () => {
    const cut: SpinscopeEvent = { ...inbound, body: { captured: new Uint8Array(4), size: 10, truncated: true } };
    expect(() => replayDraft([cut])).toThrow('the request body was recorded only up to 4 of 10 bytes');
    expect(replayDraft([cut], { body: new TextEncoder().encode('new') }).body).toEqual(new TextEncoder().encode('new'));
  });

  it('a request whose body is still arriving', () => {
    const { body: _body, ...streaming } = inbound;
    expect(() => replayDraft([streaming])).toThrow(/still arriving/);
  });
});
