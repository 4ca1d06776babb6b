import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from '../../../runtime/manifest/index.js';
import { TomlLocator } from '../../../runtime/manifest/toml-locator.js';

const VALID = fileURLToPath(new URL('../../fixtures/manifests/valid/', import.meta.url));
const fixtures = readdirSync(VALID).map((name) => readFileSync(`${VALID}${name}/spin.toml`, 'utf8'));

/** Parses, and fails the property if anything but a ManifestError escapes. */
function parsesOrFailsCleanly(text: string): void {
  try {
    parseManifest(text, 'spin.toml');
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    expect(error.message.startsWith('spin.toml')).toBe(true);
  }
}

const tokens = fc.constantFrom(
  '[', ']', '[[', ']]', '{', '}', '"', "'", '"""', '=', '.', ',', '#', '\n', ' ', '\\', '\\u', '0', '2', '"1"', '2.0', 'true',
  '1979-05-27', '[[trigger.http]]', '[component.x]', 'component', 'route', 'source', '{ private = false }', '"{{ x }}"', '__proto__',
  'constructor', '[[component]]', 'spin_version', 'inf', '-',
);

type Mutation = { kind: 'delete'; at: number; length: number } | { kind: 'insert' | 'replace'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(tokens, fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: tokens }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.kind === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else out = out.slice(0, at) + m.text + out.slice(at + m.text.length);
  }
  return out;
}

// Valid TOML whose shape is almost a manifest: real field names, random value types.
const fieldName = fc.constantFrom(
  'name', 'source', 'route', 'component', 'components', 'private', 'url', 'digest', 'package', 'version', 'type', 'base',
  'allowed_outbound_hosts', 'allowed_http_hosts', 'variables', 'environment', 'files', 'build', 'command', 'watch', 'id',
  'required', 'default', 'secret', 'key_value_stores', 'executor', 'static_response', 'http', 'web', 'trigger', 'config',
  'back_end', 'description', 'destination', 'dependencies', 'api_host', 'authors', 'Bad Key',
);
const { value: tomlValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 12 }),
    fc.constantFrom('/', '/...', 'web', 'a.wasm', 'sha256:ab', 'example.com', 'insecure:allow-all', 'http', 'wagi', '1'),
    fc.integer(),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 4 }),
  ),
}));
const nearManifest = fc.record({
  spin_manifest_version: fc.constantFrom(2, '1'),
  application: fc.dictionary(fieldName, tomlValue, { maxKeys: 3 }),
  name: fc.string({ maxLength: 5 }),
  trigger: fc.oneof(
    fc.record({ http: fc.array(fc.dictionary(fieldName, tomlValue, { maxKeys: 4 }), { maxLength: 3 }) }),
    fc.dictionary(fieldName, tomlValue, { maxKeys: 3 }),
  ),
  component: fc.oneof(fc.dictionary(fieldName, fc.dictionary(fieldName, tomlValue, { maxKeys: 5 }), { maxKeys: 3 }), fc.array(tomlValue, { maxLength: 2 })),
  variables: fc.dictionary(fieldName, fc.dictionary(fieldName, tomlValue, { maxKeys: 3 }), { maxKeys: 2 }),
});

describe('a broken manifest never throws anything but ManifestError', () => {
  it('the line locator terminates without throwing on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(fc.oneof(fc.string(), fc.nat()), { maxLength: 4 }), (text, path) => {
        TomlLocator.scan(text).locate(path);
      }),
      { numRuns: 1000 },
    );
  });

  it('for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), parsesOrFailsCleanly), { numRuns: 500 });
  });

  it('for random edits of the valid fixtures', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, mutations) =>
        parsesOrFailsCleanly(mutate(text, mutations)),
      ),
      { numRuns: 1500 },
    );
  });

  it('for valid TOML shaped almost like a manifest', () => {
    fc.assert(
      fc.property(nearManifest, (manifest) => parsesOrFailsCleanly(stringify(manifest))),
      { numRuns: 1500 },
    );
  });
});
