import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setAllowedHosts } from '../../../../runtime/manifest/index.js';
import { locateComponent } from '../../../../runtime/manifest/edit/locate-component.js';
import { expectOnlyHostsChanged } from './edit-support.js';

const EDIT = fileURLToPath(new URL('../../../fixtures/manifests/edit/', import.meta.url));

const BASES = [
  { name: 'multi-line-comments', component: 'api' },
  { name: 'single-line', component: 'hello' },
  { name: 'dotted-keys', component: 'backend' },
  { name: 'crlf', component: 'api' },
  { name: 'quoted-id', component: 'my-comp' },
  { name: 'templated', component: 'backend' },
  { name: 'empty-list', component: 'web' },
  { name: 'inline-table.expected', component: 'web' },
].map(({ name, component }: { name: string; component: string }) => ({ name, component, text: readFileSync(`${EDIT}${name}.toml`, 'utf8') }));

const entry = fc.oneof(
  fc.constantFrom(
    'https://payments.example.test',
    'https://a.example.test',
    'https://b.example.test',
    'https://{{ api_host }}',
    'mysql://db.example.test:3306',
    'http://self',
    '*://*:*',
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.stringMatching(/^['"\\\t\n\u0001\u007f #,\]\[]{0,6}$/),
);

describe('setAllowedHosts on random entry lists', () => {
  it.each(BASES)('$name: reads back exactly the entries and changes no byte outside the array', ({ text, component }) => {
    const hosts = locateComponent(text, component).hosts;
    if (hosts === undefined) throw new Error('every base manifest writes the key');
    const before = text.slice(0, hosts.valueStart);
    const after = text.slice(hosts.valueEnd);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const edited = setAllowedHosts(text, 'spin.toml', component, entries);
        expectOnlyHostsChanged(text, edited, component, entries);
        expect(edited.startsWith(before)).toBe(true);
        expect(edited.endsWith(after)).toBe(true);
        expect(edited.length).toBeGreaterThanOrEqual(before.length + after.length + 2);
      }),
      { numRuns: 150 },
    );
  });
});
