import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setAllowedHosts } from '../../../../runtime/manifest/index.js';
import { expectOnlyHostsChanged } from './edit-support.js';

const EDIT = fileURLToPath(new URL('../../../fixtures/manifests/edit/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

// Each edit/<name>.toml, with `component` set to `entries`, gives exactly <golden ?? name>.expected.toml;
// UPDATE_GOLDEN=1 rewrites the expected files (read them before committing).
const CASES: { name: string; component: string; entries: string[]; golden?: string }[] = [
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

describe('setAllowedHosts writes the golden spin.toml byte-for-byte', () => {
  it.each(CASES)('$name: $component', ({ name, component, entries, golden: goldenName }) => {
    const original = readFileSync(path.join(EDIT, `${name}.toml`), 'utf8');
    const edited = setAllowedHosts(original, `${name}.toml`, component, entries);
    const golden = path.join(EDIT, `${goldenName ?? name}.expected.toml`);
    if (UPDATE || !existsSync(golden)) {
      if (!UPDATE) throw new Error(`no golden file for ${name}; run with UPDATE_GOLDEN=1 to create it`);
      writeFileSync(golden, edited);
    }
    expect(edited).toBe(readFileSync(golden, 'utf8'));
    expectOnlyHostsChanged(original, edited, component, entries);
  });
});
