import { describe, expect, it } from 'vitest';
import { TomlLocator } from '../../../runtime/manifest/toml-locator.js';

const TEXT = `spin_manifest_version = 2 # comment

[application]
name = "x"
description = """
[not.a.header]
"""

[[trigger.http]]
route = "/a"
component = "a"

[[trigger.http]]
route = "/b"
component = { source = "b.wasm", files = ["x", { source = "s", destination = "/d" }] }

[trigger.http.executor]
type = "http"

[component."quoted-id"]
source = 'a.wasm'
build.command = "make"
allowed_outbound_hosts = [
  "https://a.test", # first
  "https://b.test",
]
`;

describe('TomlLocator', () => {
  const locator = TomlLocator.scan(TEXT);

  it.each([
    [['spin_manifest_version'], 1, 1],
    [['application'], 3, 1],
    [['application', 'name'], 4, 1],
    [['trigger', 'http', 0], 9, 1],
    [['trigger', 'http', 1], 13, 1],
    [['trigger', 'http', 1, 'route'], 14, 1],
    [['trigger', 'http', 1, 'component', 'source'], 15, 15],
    [['trigger', 'http', 1, 'component', 'files', 1, 'destination'], 15, 64],
    [['trigger', 'http', 1, 'executor', 'type'], 18, 1],
    [['component', 'quoted-id'], 20, 1],
    [['component', 'quoted-id', 'build', 'command'], 22, 1],
    [['component', 'quoted-id', 'allowed_outbound_hosts', 1], 25, 3],
  ])('finds %j at line %i, column %i', (path, line, column) => {
    expect(locator.locate(path)).toEqual({ line, column });
  });

  it('does not mistake text inside a multi-line string for a header', () => {
    expect(locator.locate(['not'])).toBeUndefined();
  });

  it('falls back to the nearest written ancestor for a key that is not there', () => {
    expect(locator.locate(['component', 'quoted-id', 'missing'])).toEqual({ line: 20, column: 1 });
    expect(locator.locate(['nothing'])).toBeUndefined();
  });

  it.each(['a = "\\u-00a"', '"\\U-0000001" = 1', 'x = """unterminated', '[[a.b', '{ = ,', 'a = [1, [2, {b = ', '\\'])(
    'terminates without throwing on malformed text %j',
    (text) => {
      expect(() => TomlLocator.scan(text).locate(['a'])).not.toThrow();
    },
  );
});
