import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setComponentList, type ComponentListField } from '../../../../runtime/manifest/index.js';
import { expectOnlyListChanged } from './edit-support.js';

const EDIT = fileURLToPath(new URL('../../../fixtures/manifests/edit/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

// Each edit/<name>.toml, with `component`'s `field` (allowed_outbound_hosts unless given) set to `entries`,
// gives exactly <golden ?? name>.expected.toml; UPDATE_GOLDEN=1 rewrites the expected files (read them before committing).
interface Case {
  name: string;
  component: string;
  field?: ComponentListField;
  entries: string[];
  golden?: string;
}

const CASES: Case[] = [
  {
    name: 'multi-line-comments',
    component: 'api',
    entries: ['https://payments.example.test', 'https://catalogue.example.test', 'https://shipping.example.test'],
  },
  { name: 'single-line', component: 'hello', entries: ['https://one.example.test', 'https://two.example.test:8443'] },
  { name: 'inline-table', component: 'web', entries: ['https://cdn.example.test'] },
  { name: 'dotted-keys', component: 'backend', entries: ['https://b.example.test', "https://it's.example.test", 'redis://cache.example.test'] },
  { name: 'crlf', component: 'api', entries: ['https://b.example.test', 'https://a.example.test', 'https://c.example.test'] },
  { name: 'quoted-id', component: 'my-comp', entries: ['mysql://db.example.test:3306', 'https://*.example.test'] },
  { name: 'templated', component: 'backend', entries: ['https://{{ api_host }}', 'postgres://db.example.test:{{ db_port }}'] },
  { name: 'absent-key', component: 'fresh', entries: ['https://example.test'] },
  { name: 'empty-list', component: 'web', entries: [] },
  { name: 'legacy-http-hosts', component: 'old', entries: ['https://api.example.test'] },
  { name: 'legacy-and-outbound', component: 'web', entries: ['https://fonts.example.test', 'https://cdn.example.test'], golden: 'legacy-and-outbound-inline' },
  { name: 'legacy-and-outbound', component: 'api', entries: ['https://db.example.test'], golden: 'legacy-and-outbound-table' },
];

const STORE_CASES: Case[] = [
  { name: 'store-lists', component: 'cart', field: 'key_value_stores', entries: ['default', 'cache'], golden: 'store-lists-kv-single-line' },
  { name: 'store-lists', component: 'admin', field: 'key_value_stores', entries: ['default', 'feature-flags', 'sessions'], golden: 'store-lists-kv-multi-line' },
  { name: 'store-lists', component: 'cart', field: 'sqlite_databases', entries: ['orders', 'audit', 'reports_v2', 'CUSTOMERS'], golden: 'store-lists-sqlite-multi-line' },
  { name: 'store-lists', component: 'admin', field: 'sqlite_databases', entries: ['default'], golden: 'store-lists-sqlite-absent' },
  { name: 'multi-line-comments', component: 'api', field: 'key_value_stores', entries: ['default', 'sessions'], golden: 'multi-line-comments-kv' },
  { name: 'absent-key', component: 'fresh', field: 'key_value_stores', entries: ['default'], golden: 'absent-key-kv' },
  { name: 'absent-key', component: 'fresh', field: 'sqlite_databases', entries: ['default'], golden: 'absent-key-sqlite' },
  { name: 'dotted-keys', component: 'backend', field: 'key_value_stores', entries: ['default'], golden: 'dotted-keys-kv' },
  { name: 'dotted-keys', component: 'backend', field: 'sqlite_databases', entries: ['default', 'analytics'], golden: 'dotted-keys-sqlite' },
  { name: 'inline-table', component: 'web', field: 'key_value_stores', entries: ['default'], golden: 'inline-table-kv' },
  { name: 'inline-table', component: 'web', field: 'sqlite_databases', entries: ['default'], golden: 'inline-table-sqlite' },
  { name: 'crlf', component: 'api', field: 'sqlite_databases', entries: ['default'], golden: 'crlf-sqlite' },
  { name: 'legacy-http-hosts', component: 'old', field: 'key_value_stores', entries: ['default'], golden: 'legacy-http-hosts-kv' },
];

function expectGolden({ name, component, field = 'allowed_outbound_hosts', entries, golden: goldenName }: Case): void {
  const original = readFileSync(path.join(EDIT, `${name}.toml`), 'utf8');
  const edited = setComponentList(original, `${name}.toml`, component, field, entries);
  const golden = path.join(EDIT, `${goldenName ?? name}.expected.toml`);
  if (UPDATE || !existsSync(golden)) {
    if (!UPDATE) throw new Error(`no golden file for ${goldenName ?? name}; run with UPDATE_GOLDEN=1 to create it`);
    writeFileSync(golden, edited);
  }
  expect(edited).toBe(readFileSync(golden, 'utf8'));
  expectOnlyListChanged(original, edited, component, field, entries);
}

describe('setComponentList writes the golden spin.toml byte-for-byte', () => {
  it.each(CASES)('allowed_outbound_hosts of $name: $component', expectGolden);
  it.each(STORE_CASES)('$field of $name: $component -> $golden', expectGolden);
});
