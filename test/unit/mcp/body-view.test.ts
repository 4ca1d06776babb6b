import { describe, expect, it } from 'vitest';
import { bodyView } from '../../../runtime/mcp/body-view.js';

const encoder = new TextEncoder();

function captured(bytes: Uint8Array, size = bytes.length) {
  return { captured: bytes, size, truncated: size > bytes.length };
}

describe('bodyView', () => {
  it('shows a small text body whole, saying nothing is missing', () => {
    expect(bodyView(captured(encoder.encode('{"ok":true}')), 4096)).toEqual({ size: 11, shownBytes: 11, encoding: 'utf8', data: '{"ok":true}' });
  });

  it('cuts at the limit and says so, with the full size', () => {
    const view = bodyView(captured(encoder.encode('x'.repeat(100))), 10);
    expect(view).toMatchObject({ size: 100, shownBytes: 10, data: 'x'.repeat(10) });
    expect(view.truncated).toBe('showing 10 of 100 bytes: cut at maxBodyBytes (10); ask get_trace for more');
  });

  it('says when the recorder captured only part of the body', () => {
    const view = bodyView(captured(encoder.encode('abc'), 5_000_000), 4096);
    expect(view.truncated).toBe('showing 3 of 5000000 bytes: the recorder captured only these (its capture limit)');
  });

  it('keeps a cut that splits a UTF-8 character as text, without the split character', () => {
    const view = bodyView(captured(encoder.encode('aé')), 2);
    expect(view).toMatchObject({ encoding: 'utf8', data: 'a', shownBytes: 2 });
  });

  it('shows bytes that are not UTF-8 as base64', () => {
    expect(bodyView(captured(Uint8Array.from([0xff, 0x00, 0xfe])), 4096)).toMatchObject({ encoding: 'base64', data: '/wD+' });
  });
});
