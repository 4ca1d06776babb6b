import path from 'node:path';
import { TomlError } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest, type LoadedManifest } from '../../../runtime/manifest/index.js';
import { thrown } from '../../support/thrown.js';

const HEAD = 'spin_manifest_version = 2\n\n[application]\nname = "app"\n';

function parse(text: string): LoadedManifest {
  return parseManifest(text, 'spin.toml');
}

function errorOf(text: string): ManifestError {
  return thrown(ManifestError, () => parse(text));
}

describe('parseManifest', () => {
  it('resolves manifest and source paths against the working directory when given a relative file', () => {
    const { manifest } = parse(`${HEAD}[[trigger.http]]\nroute = "/"\ncomponent = "web"\n[component.web]\nsource = "web.wasm"\n`);
    expect(manifest.file).toBe(path.resolve('spin.toml'));
    expect(manifest.components.get('web')?.source).toEqual({ kind: 'path', path: path.resolve('web.wasm') });
  });

  it('spec §15.64: prepends / to a route that lacks it, and compares routes without a trailing /', () => {
    const { manifest } = parse(`${HEAD}[[trigger.http]]\nroute = "api/..."\ncomponent = { source = "a.wasm" }\n`);
    expect(manifest.httpTriggers[0]?.route).toEqual({ kind: 'path', pattern: '/api/...' });
    const duplicate = errorOf(
      `${HEAD}[[trigger.http]]\nroute = "/a"\ncomponent = "x"\n[[trigger.http]]\nroute = "/a/"\ncomponent = "x"\n[component.x]\nsource = "x.wasm"\n`,
    );
    expect(duplicate.detail).toMatch(/^duplicate route "\/a\/": trigger "x-http-trigger" \(line 5\) already routes it/);
  });

  it('lets several triggers share one component, naming the later ones by counter (spec §15.67)', () => {
    const { manifest } = parse(
      `${HEAD}[[trigger.http]]\nroute = "/a"\ncomponent = "x"\n[[trigger.http]]\nroute = "/b"\ncomponent = "x"\n[component.x]\nsource = "x.wasm"\n`,
    );
    expect(manifest.httpTriggers.map((trigger) => trigger.id)).toEqual(['x-http-trigger', 'http-trigger1']);
  });

  it('puts file, line, column and component on the error, and in its JSON form', () => {
    const error = errorOf(`${HEAD}[[trigger.http]]\nroute = "/"\ncomponent = "web"\n[component.web]\nsource = "web.wasm"\nbogus = 1\n`);
    expect(error).toMatchObject({ code: 'SPINSCOPE_MANIFEST', file: 'spin.toml', line: 10, column: 1, component: 'web' });
    expect(error.toJSON()).toMatchObject({ code: 'SPINSCOPE_MANIFEST', file: 'spin.toml', line: 10, column: 1, component: 'web' });
    expect(error.message.startsWith('spin.toml:10:1: component "web": unknown field `bogus`')).toBe(true);
  });

  it('reports a TOML syntax error at its line and column, keeping the parser error as cause', () => {
    const error = errorOf('spin_manifest_version = 2\nname = "unterminated\n');
    expect(error).toMatchObject({ line: 2, column: 21 });
    expect(error.cause).toBeInstanceOf(TomlError);
  });

  it('tolerates a byte-order mark', () => {
    expect(parse(`\uFEFF${HEAD}[[trigger.http]]\nroute = "/"\ncomponent = { source = "a.wasm" }\n`).manifest.name).toBe('app');
  });

  it.each([
    ['spin_manifest_version = 2.0\n', 'invalid manifest version: 2.0'],
    ['spin_manifest_version = 1\n', 'invalid manifest version: 1'],
    ['spin_manifest_version = "2"\n', 'invalid manifest version: "2"'],
    ['spin_manifest_version = "1"\nspin_version = "1"\n', 'duplicate field `spin_manifest_version`'],
  ])('spec §15.62: %j is not a version Spin reads', (text, detail) => {
    expect(errorOf(text).detail.startsWith(detail)).toBe(true);
  });

  it('spec §15.62: accepts the v1 alias spin_version', () => {
    const { manifest } = parse('spin_version = "1"\nname = "old"\ntrigger = { type = "http" }\n');
    expect(manifest.name).toBe('old');
  });

  it('reads registry sources, file mounts and a string build command', () => {
    const { manifest } = parse(
      `${HEAD}[[trigger.http]]\nroute = "/"\ncomponent = "web"\n[component.web]\n` +
        'source = { registry = "ghcr.io", package = "acme:web", version = "1.2.3" }\n' +
        'files = ["static/**/*", { source = "assets", destination = "/assets" }]\n' +
        'sqlite_databases = ["default", "analytics_db"]\n' +
        'build = { command = "npm run build", workdir = "web" }\n',
    );
    expect(manifest.components.get('web')).toMatchObject({
      source: { kind: 'registry', registry: 'ghcr.io', package: 'acme:web', version: '1.2.3' },
      files: [
        { kind: 'pattern', pattern: 'static/**/*' },
        { kind: 'placement', source: 'assets', destination: '/assets' },
      ],
      sqliteDatabases: ['default', 'analytics_db'],
      // Where the labels are written, else the component's header, for store-label errors.
      sqliteDatabasesLine: 11,
      keyValueStoresLine: 8,
      build: { command: ['npm run build'], workdir: 'web', watch: [] },
    });
  });

  it('spec §15.64: keeps the executor type and warns that WAGI does not run in Spinscope', () => {
    const { manifest, warnings } = parse(
      `${HEAD}[[trigger.http]]\nroute = "/cgi"\ncomponent = { source = "a.wasm" }\nexecutor = { type = "wagi", argv = "\${SCRIPT_NAME}" }\n`,
    );
    expect(manifest.httpTriggers[0]?.executor).toBe('wagi');
    expect(warnings.map((warning) => warning.message)).toEqual([
      'spin.toml:8: [[trigger.http]] #1: HTTP route /cgi uses the WAGI executor, which Spinscope does not run',
    ]);
  });

  it('skips a static_response trigger with a warning, since Spinscope does not serve them', () => {
    const { manifest, warnings } = parse(`${HEAD}[[trigger.http]]\nroute = "/gone"\nstatic_response = { status_code = 410 }\n`);
    expect(manifest.httpTriggers).toEqual([]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'spin.toml:7: [[trigger.http]] #1: Spinscope does not serve `static_response` triggers; route /gone is skipped',
    ]);
  });

  it('warns that trigger middleware and component dependencies are not composed', () => {
    const { warnings } = parse(
      `${HEAD}[[trigger.http]]\nroute = "/"\ncomponent = "web"\ndependencies.middleware = [{ path = "mw.wasm" }]\n` +
        '[component.web]\nsource = "web.wasm"\n[component.web.dependencies]\n"acme:dep" = "1.0.0"\n',
    );
    expect(warnings.map((warning) => warning.message)).toEqual([
      'spin.toml:11: component "web": component `dependencies` are not composed by Spinscope; the component runs without them',
      'spin.toml:8: [[trigger.http]] #1: trigger `dependencies` (middleware) are not composed by Spinscope; requests go straight to the component',
    ]);
  });

  it('checks component references of non-HTTP triggers too', () => {
    expect(errorOf(`${HEAD}[[trigger.redis]]\nchannel = "c"\ncomponent = "ghost"\n`).detail).toBe(
      '[[trigger.redis]] #1: component "ghost" is not defined; add a [component.ghost] table',
    );
  });

  it('spec §15.66: loads a v1 app of another trigger type without HTTP triggers, with a warning', () => {
    const { manifest, warnings } = parse(
      'spin_manifest_version = "1"\nname = "r"\ntrigger = { type = "redis", address = "redis://localhost" }\n' +
        '[[component]]\nid = "sub"\nsource = "sub.wasm"\n[component.trigger]\nchannel = "messages"\n',
    );
    expect([...manifest.components.keys()]).toEqual(['sub']);
    expect(manifest.httpTriggers).toEqual([]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'spin.toml:3: Spinscope runs HTTP triggers only; this app\'s "redis" triggers will not run',
    ]);
  });

  it('explains a [trigger.http] table written without double brackets', () => {
    expect(errorOf(`${HEAD}[trigger.http]\nroute = "/"\ncomponent = "web"\n`).message).toBe(
      'spin.toml:5:1: `trigger.http`: invalid type: map, expected a sequence (write the trigger as [[trigger.http]])',
    );
  });
});
