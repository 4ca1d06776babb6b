import { describe, expect, it } from 'vitest';
import { ByteQueue, type OutboundResult, type Response } from '../../../runtime/http/index.js';
import { Fields } from '../../../runtime/host/http-fields.js';
import { OutgoingBody, OutgoingRequest, RequestOptions } from '../../../runtime/host/http-outgoing.js';
import type { BodyClose, OutboundLink, SentRequest } from '../../../runtime/host/outbound-link.js';
import { FutureIncomingResponse, wasiHttp } from '../../../runtime/host/wasi-http.js';
import { outboundUrl } from '../../support/outbound-url.js';

/** An in-process link: records what was sent (with the URL its parts make); the test answers tickets by hand and plays the guest blocking. */
class RecordingLink implements OutboundLink {
  readonly sent: (SentRequest & { url: string; bodyOpen: boolean })[] = [];
  /** What followed each open body, by ticket: bytes, then how it was closed. */
  readonly later = new Map<number, (string | BodyClose)[]>();
  readonly #answers = new Map<number, OutboundResult<Response<ByteQueue>>>();
  #beforeBlocking: (() => void)[] = [];

  send(request: SentRequest, bodyOpen = false): number {
    this.sent.push({ ...request, url: outboundUrl(request), bodyOpen });
    return this.sent.length;
  }
  writeBody(ticket: number, bytes: Uint8Array): void {
    this.#follow(ticket).push(Buffer.from(bytes).toString());
  }
  closeBody(ticket: number, how: BodyClose): void {
    this.#follow(ticket).push(how);
  }
  taken(): number {
    return 0;
  }
  beforeBlocking(callback: () => void): void {
    this.#beforeBlocking.push(callback);
  }
  /** The guest's thread is about to block. */
  block(): void {
    for (const callback of this.#beforeBlocking.splice(0)) callback();
  }
  #follow(ticket: number): (string | BodyClose)[] {
    const list = this.later.get(ticket) ?? [];
    this.later.set(ticket, list);
    return list;
  }
  answer(ticket: number, result: OutboundResult<Response<ByteQueue>>): void {
    this.#answers.set(ticket, result);
  }
  takeResult(ticket: number): OutboundResult<Response<ByteQueue>> | undefined {
    const result = this.#answers.get(ticket);
    this.#answers.delete(ticket);
    return result;
  }
  waitForResults(): void {}
}

const OK: OutboundResult<Response<ByteQueue>> = { response: { status: 204, headers: [], body: ByteQueue.complete(new Uint8Array()) } };

function handle(link: OutboundLink, request: OutgoingRequest, options?: RequestOptions): FutureIncomingResponse {
  const handler = wasiHttp(link)['wasi:http/outgoing-handler'] as { handle: (r: OutgoingRequest, o?: RequestOptions) => { tag: 'ok'; val: FutureIncomingResponse } };
  return handler.handle(request, options).val;
}

function request(authority: string | undefined, path = '/p?q=1'): OutgoingRequest {
  const outgoing = new OutgoingRequest(new Fields());
  outgoing.setAuthority(authority);
  outgoing.setPathWithQuery(path);
  return outgoing;
}

/** A request handed over before its body is written; `write` plays the guest writing to it. */
function requestWithBody(link: OutboundLink): { body: OutgoingBody; write: (text: string) => void } {
  const outgoing = request('a.test');
  const body = outgoing.body();
  if (body.tag !== 'ok') throw new Error('no body');
  handle(link, outgoing);
  const stream = body.val.write();
  if (stream.tag !== 'ok') throw new Error('no stream');
  return { body: body.val, write: (text) => void stream.val.write(new TextEncoder().encode(text)) };
}

describe('wasi:http outgoing-handler.handle', () => {
  it('sends a request without a body at once, so several can be in flight', () => {
    const link = new RecordingLink();
    handle(link, request('a.test'));
    handle(link, request('b.test'));
    expect(link.sent.map((sent) => sent.url)).toEqual(['https://a.test/p?q=1', 'https://b.test/p?q=1']);
  });

  it('sends a body written in one go after handing the request over whole, once finished', () => {
    const link = new RecordingLink();
    const { body, write } = requestWithBody(link);
    write('pay');
    write('load');
    expect(link.sent).toEqual([]);
    OutgoingBody.finish(body, undefined);
    link.block();
    expect(link.sent.map((sent) => [Buffer.from(sent.body).toString(), sent.bodyOpen])).toEqual([['payload', false]]);
    expect(link.later.size).toBe(0);
  });

  it('streams a body the guest is still writing when it blocks: what it wrote, then the rest as written, then the finish', () => {
    const link = new RecordingLink();
    const { body, write } = requestWithBody(link);
    write('first');
    link.block();
    expect(link.sent.map((sent) => [Buffer.from(sent.body).toString(), sent.bodyOpen])).toEqual([['first', true]]);
    write('second');
    OutgoingBody.finish(body, undefined);
    expect(link.later.get(1)).toEqual(['second', 'finish']);
  });

  it('aborts a streamed request whose body the guest drops unfinished, as wasmtime does', () => {
    const link = new RecordingLink();
    const { body, write } = requestWithBody(link);
    write('partial');
    link.block();
    body.dropped();
    expect(link.later.get(1)).toEqual(['abort']);
  });

  it('spec §9.40: a request without an authority is relative, so its URL is the path', () => {
    const link = new RecordingLink();
    handle(link, request(undefined, '/api/items'));
    expect(link.sent[0]?.url).toBe('/api/items');
  });

  it('carries request-options timeouts in milliseconds', () => {
    const link = new RecordingLink();
    const options = new RequestOptions();
    options.setFirstByteTimeout(250_000_000n);
    handle(link, request('a.test'), options);
    expect(link.sent[0]?.timeouts).toEqual({ connectMs: undefined, firstByteMs: 250, betweenBytesMs: undefined });
  });
});

describe('wasi:http future-incoming-response', () => {
  it('is not ready, and get() is none, until the result arrives; then get() answers once', () => {
    const link = new RecordingLink();
    const future = handle(link, request('a.test'));
    const pollable = future.subscribe();
    expect(pollable.ready()).toBe(false);
    expect(future.get()).toBeUndefined();
    link.answer(1, OK);
    expect(pollable.ready()).toBe(true);
    expect(future.get()).toMatchObject({ tag: 'ok', val: { tag: 'ok' } });
    expect(future.get()).toEqual({ tag: 'err', val: undefined });
  });

  it('hands the guest the error code the host answered', () => {
    const link = new RecordingLink();
    const future = handle(link, request('a.test'));
    link.answer(1, { error: { tag: 'HTTP-request-denied' } });
    expect(future.get()).toEqual({ tag: 'ok', val: { tag: 'err', val: { tag: 'HTTP-request-denied' } } });
  });

  it('spec §10.45: traps the guest when the host answers with a trap', () => {
    const link = new RecordingLink();
    const future = handle(link, request('ghost.spin.internal'));
    link.answer(1, { trap: "unknown routing destination 'ghost'" });
    expect(() => future.get()).toThrow("unknown routing destination 'ghost'");
  });
});
