import { describe, expect, it } from 'vitest';
import { setComponentList } from '../../../../runtime/manifest/index.js';

const HEAD = 'spin_manifest_version = 2\n[application]\nname = "a"\n[[trigger.http]]\nroute = "/..."\ncomponent = "a"\n[component.a]\nsource = "a.wasm"\n';

function edit(hosts: string, entries: string[]): string {
  return setComponentList(`${HEAD}allowed_outbound_hosts = ${hosts}\n`, 'spin.toml', 'a', 'allowed_outbound_hosts', entries).slice(HEAD.length + 'allowed_outbound_hosts = '.length, -1);
}

describe('the array keeps its layout', () => {
  it.each([
    ['removes an entry with the comment lines right above it', '[\n  # why a\n  "a", # a\n  "b",\n]', ['b'], '[\n  "b",\n]'],
    ['keeps a section comment separated by a blank line', '[\n  "x",\n\n  # section\n\n  # why a\n  "a",\n  "b",\n]', ['x', 'b'], '[\n  "x",\n\n  # section\n\n  "b",\n]'],
    ['moves an entry with its own comment when reordered', '[\n  "a", # first\n  "b", # second\n]', ['b', 'a'], '[\n  "b", # second\n  "a", # first\n]'],
    ['adds a comma to a former last entry that had none', '[\n  "a" # only\n]', ['a', 'b'], '[\n  "a", # only\n  "b"\n]'],
    ['keeps a comment after the opening bracket', '[ # hosts\n  "a",\n]', ['b'], '[ # hosts\n  "b",\n]'],
    ['puts entries written beside each other on lines of their own when it changes them', '[\n  "a", "b",\n  "c"]', ['a', 'c', 'd'], '[\n  "a",\n  "c",\n  "d"\n]'],
    ['keeps a multi-line string entry as written', '[\n  """https://a.test""",\n]', ['https://a.test', 'https://b.test'], '[\n  """https://a.test""",\n  "https://b.test",\n]'],
    ['writes single-line without padding by default', '[]', ['a', 'b'], '["a", "b"]'],
    ['keeps single-line spacing and trailing comma', '["a",]', ['a', 'b'], '["a", "b",]'],
    ['writes an empty list as []', '[\n  # none yet\n  "a",\n]', [], '[]'],
  ])('%s', (_name, hosts, entries, expected) => {
    expect(edit(hosts, entries)).toBe(expected);
  });

  it.each([
    ['basic by default', '["a"]', 'b', '["a", "b"]'],
    ['literal like the existing entries', "['a']", 'b', "['a', 'b']"],
    ['basic when a literal string cannot hold the entry', "['a']", "it's", `['a', "it's"]`],
    ['literal for a basic-style entry with a backslash or quote', '["a"]', 'x\\"y', `["a", 'x\\"y']`],
    ['escaped control characters', '["a"]', 'x\ty\u0001', '["a", "x\\ty\\u0001"]'],
  ])('quotes a new entry: %s', (_name, hosts, added, expected) => {
    expect(edit(hosts, ['a', added])).toBe(expected);
  });
});

describe('the rest of the file', () => {
  it('keeps a byte-order mark', () => {
    const text = `\uFEFF${HEAD}allowed_outbound_hosts = ["a"]\n`;
    expect(setComponentList(text, 'spin.toml', 'a', 'allowed_outbound_hosts', ['b'])).toBe(`\uFEFF${HEAD}allowed_outbound_hosts = ["b"]\n`);
  });

  it('adds the key on a new line when the last field ends the file without a line break', () => {
    expect(setComponentList(HEAD.trimEnd(), 'spin.toml', 'a', 'allowed_outbound_hosts', ['b'])).toBe(`${HEAD}allowed_outbound_hosts = ["b"]\n`);
  });

  it.each(['key_value_stores', 'sqlite_databases'] as const)('keeps a byte-order mark and CRLF line breaks when adding %s', (field) => {
    const text = `\uFEFF${HEAD}`.replaceAll('\n', '\r\n');
    expect(setComponentList(text, 'spin.toml', 'a', field, ['default'])).toBe(`${text}${field} = ["default"]\r\n`);
  });

  it.each(['key_value_stores', 'sqlite_databases'] as const)('returns the very text when %s already holds the labels', (field) => {
    const text = `${HEAD}${field} = [ 'default',"x" ] # as written\n`;
    expect(setComponentList(text, 'spin.toml', 'a', field, ['default', 'x'])).toBe(text);
    expect(setComponentList(HEAD, 'spin.toml', 'a', field, [])).toBe(HEAD);
  });
});
