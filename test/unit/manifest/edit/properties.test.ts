import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setComponentList, type ComponentListField } from '../../../../runtime/manifest/index.js';
import { locateComponent } from '../../../../runtime/manifest/edit/locate-component.js';
import { expectOnlyListChanged } from './edit-support.js';

const EDIT = fileURLToPath(new URL('../../../fixtures/manifests/edit/', import.meta.url));

function bases(field: ComponentListField, list: { name: string; component: string }[]): { name: string; component: string; field: ComponentListField; text: string }[] {
  return list.map(({ name, component }) => ({ name, component, field, text: readFileSync(`${EDIT}${name}.toml`, 'utf8') }));
}

const HOST_BASES = bases('allowed_outbound_hosts', [
  { name: 'multi-line-comments', component: 'api' },
  { name: 'single-line', component: 'hello' },
  { name: 'dotted-keys', component: 'backend' },
  { name: 'crlf', component: 'api' },
  { name: 'quoted-id', component: 'my-comp' },
  { name: 'templated', component: 'backend' },
  { name: 'empty-list', component: 'web' },
  { name: 'inline-table.expected', component: 'web' },
]);

const STORE_BASES = [
  ...bases('key_value_stores', [
    { name: 'store-lists', component: 'cart' },
    { name: 'store-lists', component: 'admin' },
    { name: 'multi-line-comments', component: 'api' },
    { name: 'dotted-keys-kv.expected', component: 'backend' },
    { name: 'inline-table-kv.expected', component: 'web' },
  ]),
  ...bases('sqlite_databases', [
    { name: 'store-lists', component: 'cart' },
    { name: 'absent-key-sqlite.expected', component: 'fresh' },
    { name: 'crlf-sqlite.expected', component: 'api' },
  ]),
];

const host = fc.oneof(
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

// Only labels Spin's manifest parser accepts read back: kebab-case or snake_case, each word all lower or all upper case.
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const label = fc.oneof(
  fc.constantFrom('default', 'cache', 'feature-flags', 'reports_v2', 'CUSTOMERS', 'orders', 'audit'),
  fc.tuple(fc.array(word, { minLength: 1, maxLength: 3 }), fc.constantFrom('-', '_'), fc.boolean()).map(([words, delimiter, upper]) => {
    const joined = words.join(delimiter);
    return upper ? joined.toUpperCase() : joined;
  }),
);

describe('setComponentList on random entry lists', () => {
  it.each([...HOST_BASES.map((base) => ({ ...base, entry: host })), ...STORE_BASES.map((base) => ({ ...base, entry: label }))])(
    '$field of $name: reads back exactly the entries and changes no byte outside the array',
    ({ text, component, field, entry }) => {
      const list = locateComponent(text, component, field).list;
      if (list === undefined) throw new Error('every base manifest writes the key');
      const before = text.slice(0, list.valueStart);
      const after = text.slice(list.valueEnd);
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
          const edited = setComponentList(text, 'spin.toml', component, field, entries);
          expectOnlyListChanged(text, edited, component, field, entries);
          expect(edited.startsWith(before)).toBe(true);
          expect(edited.endsWith(after)).toBe(true);
          expect(edited.length).toBeGreaterThanOrEqual(before.length + after.length + 2);
        }),
        { numRuns: 150 },
      );
    },
  );
});
