import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifest, ManifestError, type LoadedManifest } from '../../../runtime/manifest/index.js';

const VALID = fileURLToPath(new URL('../../fixtures/manifests/valid/', import.meta.url));

function load(name: string): Promise<LoadedManifest> {
  return loadManifest(path.join(VALID, name, 'spin.toml'));
}

describe('a realistic Spin JS app', () => {
  it('loads application details, variables and the component with absolute paths', async () => {
    const { manifest, warnings } = await load('js-app');
    const dir = path.join(VALID, 'js-app');
    expect(warnings).toEqual([]);
    expect(manifest).toMatchObject({
      file: path.join(dir, 'spin.toml'),
      dir,
      name: 'weather-js',
      version: '0.1.0',
      description: 'A Spin JS app that proxies the weather API',
      authors: ['Jane Developer <jane@example.com>'],
      httpBase: '/',
    });
    expect([...manifest.variables.values()]).toEqual([
      { name: 'api_host', required: false, default: 'api.weather.example', secret: false },
      { name: 'api_key', required: true, secret: true },
    ]);
    expect(manifest.httpTriggers).toEqual([
      { id: 'weather-js-http-trigger', route: { kind: 'path', pattern: '/...' }, component: 'weather-js', line: 13 },
    ]);
    const component = manifest.components.get('weather-js');
    expect(component).toMatchObject({
      id: 'weather-js',
      source: { kind: 'path', path: path.join(dir, 'dist/weather-js.wasm') },
      allowedOutboundHosts: ['https://{{ api_host }}'],
      excludeFiles: ['**/node_modules'],
      keyValueStores: ['default'],
      build: { command: ['npm install', 'npm run build'], watch: ['src/**/*.ts', 'package.json'] },
      line: 17,
    });
    expect(Object.fromEntries(component?.variables ?? [])).toEqual({ api_host: '{{ api_host }}', api_key: '{{ api_key }}' });
  });
});

describe('spec §15.66: a v1 manifest is converted as Spin converts it', () => {
  it('normalises component ids and gives each component a trigger-<id> HTTP trigger', async () => {
    const { manifest } = await load('v1-app');
    expect([...manifest.components.keys()]).toEqual(['hello-world', 'cartservice']);
    expect(manifest.httpTriggers).toEqual([
      { id: 'trigger-hello-world', route: { kind: 'path', pattern: '/hello' }, component: 'hello-world', line: 11 },
      { id: 'trigger-cartservice', route: { kind: 'path', pattern: '/cart/...' }, component: 'cartservice', executor: 'spin', line: 20 },
    ]);
    expect(manifest).toMatchObject({ name: 'spin-v1-app', version: '1.0.0', authors: ['Fermyon Engineering <engineering@fermyon.com>'] });
  });

  it('spec §15.66: v1 component without allowed_outbound_hosts gets redis, mysql and postgres, then its converted allowed_http_hosts', async () => {
    const { manifest } = await load('v1-app');
    expect(manifest.components.get('hello-world')?.allowedOutboundHosts).toEqual([
      'redis://*:*',
      'mysql://*:*',
      'postgres://*:*',
      'http://api.example.com',
      'https://api.example.com',
      'http://localhost:3001',
      'https://localhost:3001',
    ]);
  });

  it('spec §15.66: a v1 component with allowed_outbound_hosts, even empty, gets no database hosts', async () => {
    const { manifest } = await load('v1-app');
    expect(manifest.components.get('cartservice')?.allowedOutboundHosts).toEqual([]);
  });

  it('turns v1 `config` into component variables and keeps build settings', async () => {
    const { manifest } = await load('v1-app');
    expect(Object.fromEntries(manifest.components.get('hello-world')?.variables ?? [])).toEqual({ message: '{{ greeting }}, world' });
    expect(manifest.components.get('cartservice')?.build).toEqual({
      command: ['cargo build --target wasm32-wasi --release'],
      workdir: 'cart',
      watch: [],
    });
    expect(Object.fromEntries(manifest.components.get('cartservice')?.environment ?? [])).toEqual({ MODE: 'production' });
  });

  it("warns about the deprecated trigger base '/' in Spin's words", async () => {
    const { warnings } = await load('v1-app');
    expect(warnings.map((warning) => warning.message)).toEqual([
      `${path.join(VALID, 'v1-app', 'spin.toml')}:5: This application has the deprecated trigger 'base' set to the default value '/'. This may be an error in the future!`,
    ]);
  });
});

describe('private routes and inline components', () => {
  it('spec §10.46: keeps { private = true } triggers as private routes', async () => {
    const { manifest } = await load('private-route');
    expect(manifest.httpTriggers.map((trigger) => [trigger.id, trigger.route, trigger.component])).toEqual([
      ['front-http-trigger', { kind: 'path', pattern: '/...' }, 'front'],
      ['back-http-trigger', { kind: 'private' }, 'back'],
      ['http-trigger1', { kind: 'private' }, 'http-trigger1-component'],
    ]);
  });

  it('spec §15.67: moves an inline component into components as <trigger-id>-component, after the declared ones', async () => {
    const { manifest } = await load('private-route');
    expect([...manifest.components.keys()]).toEqual(['front', 'back', 'http-trigger1-component']);
    expect(manifest.components.get('http-trigger1-component')).toMatchObject({
      source: { kind: 'path', path: path.join(VALID, 'private-route', 'audit.wasm') },
      allowedOutboundHosts: ['https://audit.example.com'],
      line: 17,
    });
  });

  it('reads a { url, digest } source', async () => {
    const { manifest } = await load('private-route');
    expect(manifest.components.get('back')?.source).toEqual({
      kind: 'url',
      url: 'https://example.com/back.wasm',
      digest: 'sha256:0d3e5a8e7d0b2ffb2f6bb0b3f0e8a6f1b1c4c9f0a5d2e3c4b5a6978876543210',
    });
  });

  it("spec §15.67: names triggers and inline components exactly as Spin's normalization test expects", async () => {
    const { manifest, warnings } = await load('normalization');
    expect(manifest.httpTriggers.map((trigger) => [trigger.id, trigger.component])).toEqual([
      ['hello-http-trigger', 'hello'],
      ['admin-handler', 'admin-handler-component'],
      ['http-trigger1', 'http-trigger1-component'],
    ]);
    expect([...manifest.components.keys()]).toEqual([
      'hello',
      'admin-handler-component',
      'http-trigger1-component',
      'inline-component1',
      'inline-component2',
    ]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      `${path.join(VALID, 'normalization', 'spin.toml')}:19: Spinscope runs HTTP triggers only; the 1 [[trigger.example]] trigger(s) will not run`,
    ]);
  });
});

describe('allowed_outbound_hosts', () => {
  it('spec §15.65: keeps templated entries raw and unvalidated', async () => {
    const { manifest } = await load('templated-hosts');
    expect(manifest.components.get('api')?.allowedOutboundHosts).toEqual([
      'postgres://{{ db_host }}:{{ db_port }}',
      'https://{{ api_endpoint }}',
      'https://{{upstream}}',
    ]);
  });

  it('spec §16: appends converted allowed_http_hosts and warns with the list ready to paste', async () => {
    const { manifest, warnings } = await load('legacy-http-hosts');
    const file = path.join(VALID, 'legacy-http-hosts', 'spin.toml');
    expect(manifest.components.get('legacy')?.allowedOutboundHosts).toEqual([
      'http://example.com',
      'https://example.com',
      'http://secure.example.com:8443',
      'https://secure.example.com:8443',
      'http://self',
    ]);
    expect(manifest.components.get('mixed')?.allowedOutboundHosts).toEqual([
      'redis://cache.example.com',
      'http://*:*',
      'https://*:*',
      'http://self',
    ]);
    expect(warnings).toEqual([
      {
        message:
          `${file}:16: component "legacy": \`allowed_http_hosts\` is deprecated; to fix, replace it with:\n` +
          'allowed_outbound_hosts = ["http://example.com", "https://example.com", "http://secure.example.com:8443", "https://secure.example.com:8443", "http://self"]',
        file,
        line: 16,
        component: 'legacy',
      },
      {
        message:
          `${file}:21: component "mixed": \`allowed_http_hosts\` is deprecated; to fix, replace both fields with:\n` +
          'allowed_outbound_hosts = ["redis://cache.example.com", "http://*:*", "https://*:*", "http://self"]',
        file,
        line: 21,
        component: 'mixed',
      },
    ]);
  });
});

describe('loadManifest', () => {
  it('reports a missing file as a ManifestError naming it', async () => {
    const missing = path.join(VALID, 'nope', 'spin.toml');
    const error = await loadManifest(missing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect(error).toMatchObject({
      file: missing,
      message: `${missing}: Failed to read Spin app manifest: no such file; pass the path of your spin.toml, or run from the app directory`,
    });
  });
});
