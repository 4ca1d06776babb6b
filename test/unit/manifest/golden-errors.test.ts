import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from '../../../runtime/manifest/index.js';

const INVALID = fileURLToPath(new URL('../../fixtures/manifests/invalid/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const cases = readdirSync(INVALID)
  .filter((name) => name.endsWith('.toml'))
  .sort();

function messageFor(name: string): string {
  const text = readFileSync(path.join(INVALID, name), 'utf8');
  try {
    parseManifest(text, name);
  } catch (error) {
    if (error instanceof ManifestError) return error.message;
    throw error;
  }
  throw new Error(`${name} parsed without error, but every fixture in invalid/ must fail`);
}

// Each invalid/<name>.toml fails with exactly the message in <name>.err; UPDATE_GOLDEN=1 rewrites them.
describe('broken manifests fail with their golden ManifestError message', () => {
  it('has golden cases', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)('%s', (name) => {
    const message = messageFor(name);
    const golden = path.join(INVALID, name.replace(/\.toml$/, '.err'));
    if (UPDATE || !existsSync(golden)) {
      if (!UPDATE) throw new Error(`no golden file for ${name}; run with UPDATE_GOLDEN=1 to create it`);
      writeFileSync(golden, `${message}\n`);
    }
    expect(message).toBe(readFileSync(golden, 'utf8').replace(/\n$/, ''));
  });
});
