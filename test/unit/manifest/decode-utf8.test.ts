import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../../runtime/manifest/decode-utf8.js';
import { readManifestText } from '../../../runtime/manifest/index.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('decodeUtf8', () => {
  it.each([
    ['a lone continuation byte', bytes(0x61, 0x80), 1],
    ['Latin-1 é', bytes(0x63, 0x61, 0x66, 0xe9, 0x0a), 3],
    ['an overlong encoding of "/"', bytes(0x2f, 0xc0, 0xaf), 1],
    ['a UTF-16 surrogate', bytes(0xed, 0xa0, 0x80), 0],
    ['a code point past U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a sequence cut short at the end', bytes(0x61, 0x62, 0xe2, 0x82), 2],
    ['a byte after a valid two-byte character', bytes(0xc3, 0xa9, 0xff), 2],
  ])('finds %s at the offset Rust reports as valid_up_to', (_, input, offset) => {
    expect(decodeUtf8(input)).toEqual({ error: { offset, line: 1 } });
  });

  it('counts the lines before the bad byte', () => {
    expect(decodeUtf8(bytes(0x61, 0x0a, 0x62, 0x0a, 0xfe))).toEqual({ error: { offset: 4, line: 3 } });
  });

  it('decodes well-formed text, a byte order mark kept', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFname = "café 🚀"\n'))).toEqual({ text: '\uFEFFname = "café 🚀"\n' });
  });

  it('agrees with a fatal TextDecoder on arbitrary bytes, and the text before the offset decodes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 16 }), (noise, text) => {
        const input = Buffer.concat([Buffer.from(text), noise]);
        const result = decodeUtf8(input);
        if ('text' in result) {
          expect(result.text).toBe(strict.decode(input));
          return;
        }
        expect(() => strict.decode(input)).toThrow();
        expect(() => strict.decode(input.subarray(0, result.error.offset))).not.toThrow();
        expect(result.error.offset).toBeGreaterThanOrEqual(Buffer.from(text).length);
      }),
    );
  });
});

describe('readManifestText', () => {
  it("refuses a spin.toml that is not UTF-8, as Spin does, naming the line and the byte offset", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spinscope-utf8-'));
    try {
      const file = join(dir, 'spin.toml');
      await writeFile(file, Buffer.concat([Buffer.from('spin_manifest_version = 2\n[application]\nname = "caf'), bytes(0xe9), Buffer.from('"\n')]));
      await expect(readManifestText(file)).rejects.toMatchObject({
        code: 'SPINSCOPE_MANIFEST',
        file,
        line: 3,
        message: `${file}:3: Failed to read Spin app manifest: stream did not contain valid UTF-8: invalid utf-8 sequence at byte offset 51; save the file as UTF-8`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
