import { describe, expect, it } from 'vitest';
import { DEFAULT_LISTEN_ADDRESS, ListenError, parseListenAddress, resolveListenAddress } from '../../../runtime/trigger/index.js';

describe('--listen addresses, read as spin up reads them', () => {
  it('defaults to 127.0.0.1:3000', () => {
    expect(DEFAULT_LISTEN_ADDRESS).toBe('127.0.0.1:3000');
  });

  it.each([
    ['127.0.0.1:3000', '127.0.0.1', 3000],
    ['0.0.0.0:0', '0.0.0.0', 0],
    ['[::1]:8080', '::1', 8080],
    ['localhost:3000', 'localhost', 3000],
    ['::1:3000', '::1', 3000],
  ])('splits %j into host %j and port %d', (text, host, port) => {
    expect(parseListenAddress(text)).toEqual({ host, port });
  });

  it.each([['127.0.0.1'], ['localhost']])('requires a port: %j is an invalid socket address', (text) => {
    expect(() => parseListenAddress(text)).toThrow(new ListenError(`invalid socket address: ${text}`, text));
  });

  it.each([['127.0.0.1:70000'], ['127.0.0.1:http'], ['127.0.0.1:']])('rejects %j as an invalid port value', (text) => {
    expect(() => parseListenAddress(text)).toThrow(/invalid port value/);
  });

  it('resolves localhost to 127.0.0.1 in preference to ::1', async () => {
    expect(await resolveListenAddress('localhost:3000')).toEqual({ address: '127.0.0.1', family: 4, port: 3000 });
  });

  it('keeps IP literals without a lookup', async () => {
    expect(await resolveListenAddress('[::1]:0')).toEqual({ address: '::1', family: 6, port: 0 });
  });
});
