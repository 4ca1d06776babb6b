import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../runtime/api/bridge-protocol.js';
import { API_METHODS, type SpinscopeApiMethod } from '../../../runtime/api/contract.js';
import { parseClientMessage } from '../../../runtime/bridge/client-message.js';

const bytes = Uint8Array.from([0, 255]);

describe('client messages', () => {
  it("carry every call of the contract's method table but the desktop's own, and every listener's topic", () => {
    for (const method of Object.keys(API_METHODS) as SpinscopeApiMethod[]) {
      const entry = API_METHODS[method];
      if ('pushes' in entry) {
        expect(parseClientMessage({ type: 'subscribe', topic: entry.pushes })).toEqual({ type: 'subscribe', topic: entry.pushes });
        continue;
      }
      // Without arguments, a method that takes some is refused in its own words, never as unknown.
      const parse = (): unknown => parseClientMessage({ type: 'call', id: 1, method, args: [] });
      if ('desktopOnly' in entry) expect(parse).toThrow(`unknown method "${method}"`);
      else expect(parse).not.toThrow(/unknown method/);
    }
  });

  it('takes a keyValueSet value as the browser sends it: bytes encoded like a captured body', () => {
    const frame = encodeMessage({ type: 'call', id: 1, method: 'keyValueSet', args: ['default', 'k', bytes] });
    expect(frame).toContain('{"$bytes":"AP8="}');
    const parsed = parseClientMessage(decodeMessage(frame));
    expect(parsed).toEqual({ type: 'call', id: 1, method: 'keyValueSet', args: ['default', 'k', bytes] });
    expect(parsed.type === 'call' && parsed.args[2]).toBeInstanceOf(Uint8Array);
    expect(() => parseClientMessage({ type: 'call', id: 2, method: 'keyValueSet', args: ['default', 'k', { $bytes: 'AP8=', extra: 1 }] })).toThrow(/a value \(bytes\)/);
  });
});
