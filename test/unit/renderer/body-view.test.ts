import { describe, expect, it } from 'vitest';
import { bodyModes, hexDump, viewBody } from '../../../renderer/format/body-view.js';
import { formatBytes, formatDuration } from '../../../renderer/format/quantities.js';
import { body } from './sample-events.js';

describe('viewBody', () => {
  it('parses JSON for the collapsible tree', () => {
    expect(viewBody(body('{"a":[1,2]}'), [['content-type', 'application/json']])).toEqual({ type: 'json', value: { a: [1, 2] }, text: '{"a":[1,2]}' });
  });

  it('shows text that is not JSON as text', () => {
    expect(viewBody(body('hello'), [])).toEqual({ type: 'text', text: 'hello' });
    expect(viewBody(body('{not json'), [['content-type', 'application/json']])).toEqual({ type: 'text', text: '{not json' });
  });

  it('shows a truncated JSON body as text rather than failing to parse it', () => {
    const cut = { ...body('{"a":'), size: 2_000_000, truncated: true };
    expect(viewBody(cut, [['content-type', 'application/json']])).toEqual({ type: 'text', text: '{"a":' });
  });

  it('shows binary bodies as hex', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]);
    const view = viewBody({ captured: bytes, size: 6, truncated: false }, [['content-type', 'application/octet-stream']]);
    expect(view).toEqual({ type: 'binary', hex: `00000000  ${'89 50 4e 47 00 01'.padEnd(47)}  .PNG..` });
  });

  it('shows an image/* body as an image, by its content-type or, without one, by its first bytes', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const whole = (captured: Uint8Array) => ({ captured, size: captured.length, truncated: false });
    expect(viewBody(whole(png), [['Content-Type', 'image/png; charset=binary']])).toEqual({ type: 'image', mediaType: 'image/png' });
    expect(viewBody(body('<svg xmlns="http://www.w3.org/2000/svg"/>'), [['content-type', 'image/svg+xml']])).toEqual({ type: 'image', mediaType: 'image/svg+xml' });
    expect(viewBody(whole(png), [])).toEqual({ type: 'image', mediaType: 'image/png' });
    expect(viewBody(whole(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), [])).toEqual({ type: 'image', mediaType: 'image/jpeg' });
    expect(viewBody(whole(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ')), [])).toEqual({ type: 'image', mediaType: 'image/webp' });
    // A content-type that says otherwise wins over the bytes.
    expect(viewBody(whole(png), [['content-type', 'application/octet-stream']]).type).toBe('binary');
  });

  it('offers the views each kind of body has, hex for all', () => {
    expect(bodyModes(viewBody(body('{}'), []))).toEqual(['tree', 'text', 'hex']);
    expect(bodyModes(viewBody(body('plain'), []))).toEqual(['text', 'hex']);
    expect(bodyModes({ type: 'image', mediaType: 'image/png' })).toEqual(['image', 'hex']);
    expect(bodyModes(viewBody(body(''), []))).toEqual([]);
  });

  it('reports an empty body as empty', () => {
    expect(viewBody(body(''), [])).toEqual({ type: 'empty' });
  });
});

describe('hexDump', () => {
  it('writes 16 bytes per line with offsets', () => {
    const lines = hexDump(new Uint8Array(20).fill(0x41)).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^00000010  41 41 41 41 {38}AAAA$/);
  });
});

describe('quantities', () => {
  it('formats sizes and durations', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 1024 * 1024)]).toEqual(['512 B', '1.5 KiB', '3.0 MiB']);
    expect([formatDuration(12.4), formatDuration(1250)]).toEqual(['12 ms', '1.25 s']);
    expect([formatDuration(0), formatDuration(0.44), formatDuration(0.04)]).toEqual(['0 ms', '0.4 ms', '<0.1 ms']);
  });
});
