import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveFileMounts, stripPrefix, type ResolvedFiles } from '../../../runtime/app/file-mounts.js';
import { loadApp } from '../../../runtime/app/index.js';
import { ManifestError, parseManifest } from '../../../runtime/manifest/index.js';

let root: string;
let app: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'spinscope-mounts-')));
  app = path.join(root, 'app');
  await files({
    'app/static/index.html': '<h1>hi</h1>',
    'app/static/style.css': 'body {}',
    'app/static/.well-known/security.txt': 'contact',
    'app/static/img/logo.png': 'png',
    'app/static/secret/key.pem': 'key',
    'app/static/secret/deep/token': 'token',
    'app/assets/a.txt': 'a',
    'app/assets/private/p.txt': 'p',
    'app/config.json': '{}',
    'app/docs/guide.md': 'guide',
    'app/docs/api/ref.md': 'ref',
    'outside/x.txt': 'x',
  });
  await mkdir(path.join(app, 'static', 'empty'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function files(contents: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(contents)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

/** Resolves the `files` (and `exclude_files`) of component `web` in a manifest in the app directory. */
function mount(filesToml: string, excludeToml?: string): ResolvedFiles | undefined {
  const text =
    'spin_manifest_version = 2\n[application]\nname = "app"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n' +
    `[component.web]\nsource = "web.wasm"\nfiles = ${filesToml}\n${excludeToml === undefined ? '' : `exclude_files = ${excludeToml}\n`}`;
  const { manifest } = parseManifest(text, path.join(app, 'spin.toml'));
  return resolveFileMounts(manifest, manifest.components.get('web')!);
}

/** Guest path to host path relative to the temp root, for readable expectations. */
function layout(filesToml: string, excludeToml?: string): Record<string, string> {
  const resolved = mount(filesToml, excludeToml);
  return Object.fromEntries([...(resolved?.files.files ?? [])].map(([guest, host]) => [guest, path.relative(root, host)]));
}

function errorOf(filesToml: string, excludeToml?: string): ManifestError {
  try {
    mount(filesToml, excludeToml);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error('expected a ManifestError');
}

describe('resolveFileMounts: the layout of `spin up` (copy mode)', () => {
  it('gives a component without files no tree at all', () => {
    expect(mount('[]')).toBeUndefined();
  });

  it('places the files a glob matches at their path relative to the app directory', () => {
    expect(layout('["static/*.css", "docs/**/*.md"]')).toEqual({
      'static/style.css': 'app/static/style.css',
      'docs/guide.md': 'app/docs/guide.md',
      'docs/api/ref.md': 'app/docs/api/ref.md',
    });
  });

  it('matches dotfiles and follows each component separately (`*` stays in one directory)', () => {
    expect(layout('["static/*/*"]')).toEqual({
      'static/.well-known/security.txt': 'app/static/.well-known/security.txt',
      'static/img/logo.png': 'app/static/img/logo.png',
      'static/secret/key.pem': 'app/static/secret/key.pem',
    });
  });

  it('places a single file at its own path', () => {
    expect(layout('["config.json", "docs/api/ref.md"]')).toEqual({ 'config.json': 'app/config.json', 'docs/api/ref.md': 'app/docs/api/ref.md' });
    expect(mount('["docs/api/ref.md"]')?.files.directories).toEqual(['docs', 'docs/api']);
  });

  it('puts a directory pattern "static" under /static/static, as Spin joins the app-relative path onto root/static', () => {
    // local.rs copy_glob_or_path: copy_glob(app/static/**/*, src_prefix = app, dest = root/static)
    expect(layout('["static"]')).toEqual({
      'static/static/index.html': 'app/static/index.html',
      'static/static/style.css': 'app/static/style.css',
      'static/static/.well-known/security.txt': 'app/static/.well-known/security.txt',
      'static/static/img/logo.png': 'app/static/img/logo.png',
      'static/static/secret/key.pem': 'app/static/secret/key.pem',
      'static/static/secret/deep/token': 'app/static/secret/deep/token',
    });
  });

  it('copies no empty directory, but keeps the destination a directory mount creates', () => {
    const resolved = mount('["static"]', '["static/*"]');
    expect([...(resolved?.files.files.keys() ?? [])]).toEqual([]);
    expect(resolved?.files.directories).toEqual(['static']);
    expect(mount('["static/*.css"]')?.files.directories).not.toContain('static/empty');
  });

  it('places a directory placement under its destination, relative to the source', () => {
    expect(layout('[{ source = "assets", destination = "/" }]')).toEqual({ 'a.txt': 'app/assets/a.txt', 'private/p.txt': 'app/assets/private/p.txt' });
    expect(layout('[{ source = "assets", destination = "/web/files" }]')).toEqual({
      'web/files/a.txt': 'app/assets/a.txt',
      'web/files/private/p.txt': 'app/assets/private/p.txt',
    });
  });

  it('places a file placement at exactly its destination', () => {
    expect(layout('[{ source = "config.json", destination = "/etc/app/settings.json" }]')).toEqual({ 'etc/app/settings.json': 'app/config.json' });
  });

  it('lets the later of two mounts of one path win', () => {
    expect(layout('["config.json", { source = "assets/a.txt", destination = "config.json" }]')).toEqual({ 'config.json': 'app/assets/a.txt' });
  });

  it('takes a placement source above the app directory, which Spin strips lexically', () => {
    expect(layout('[{ source = "../outside", destination = "/ext" }]')).toEqual({ 'ext/x.txt': 'outside/x.txt' });
  });

  it('loses a file whose destination climbs out of the mount root, as Spin copies it beside the root', () => {
    expect(layout('["../outside/x.txt", { source = "config.json", destination = "../config.json" }]')).toEqual({});
  });

  it('follows symlinks as Spin copies them: a linked file is its target, a linked directory is walked', async () => {
    await symlink(path.join(root, 'outside/x.txt'), path.join(app, 'static/linked.txt'));
    await symlink(path.join(root, 'outside'), path.join(app, 'assets/linked-dir'));
    expect(layout('["static/*.txt", { source = "assets", destination = "/" }]')).toMatchObject({
      'static/linked.txt': 'app/static/linked.txt',
      'linked-dir/x.txt': 'app/assets/linked-dir/x.txt',
    });
  });

  it('warns as Spin does about a pattern that takes in the whole app directory', () => {
    const resolved = mount('["*"]');
    expect(resolved?.warnings.map((warning) => warning.message)).toEqual([
      `${path.join(app, 'spin.toml')}:9: component "web": A component is including the entire application directory as asset files. This is unlikely to be what you want.\n` +
        'If this is what you want, use the pattern "./*" to avoid this warning.\nLearn more: https://spinframework.dev/writing-apps#including-files-with-components',
    ]);
    expect(resolved?.files.files.get('config.json')).toBe(path.join(app, 'config.json'));
  });
});

describe('resolveFileMounts: exclude_files with Spin glob semantics', () => {
  it('matches each pattern against the path relative to the app directory, `*` crossing `/`', () => {
    expect(Object.keys(layout('["static/**/*"]', '["static/secret/*"]')).sort()).toEqual([
      'static/.well-known/security.txt',
      'static/img/logo.png',
      'static/index.html',
      'static/style.css',
    ]);
  });

  it('applies to directory mounts and placements, relative to the app directory, not the source', () => {
    expect(layout('[{ source = "assets", destination = "/" }]', '["assets/private/*"]')).toEqual({ 'a.txt': 'app/assets/a.txt' });
    expect(layout('[{ source = "assets", destination = "/" }]', '["private/*"]')).toEqual({ 'a.txt': 'app/assets/a.txt', 'private/p.txt': 'app/assets/private/p.txt' });
    expect(Object.keys(layout('["static"]', '["**/*.pem", "**/token"]'))).not.toContain('static/static/secret/key.pem');
  });

  it('never applies to a single-file mount', () => {
    expect(layout('["config.json", { source = "assets/a.txt", destination = "/a.txt" }]', '["*"]')).toEqual({ 'config.json': 'app/config.json', 'a.txt': 'app/assets/a.txt' });
  });
});

describe('resolveFileMounts: errors in Spin words, at the entry', () => {
  const where = (line: number): string => `${path.join(app, 'spin.toml')}:${line}: component "web": `;

  it.each(['..', 'static/..'])('refuses %j, a pattern ending in a parent directory', (pattern) => {
    expect(errorOf(`["${pattern}"]`).message).toBe(
      `${where(9)}A file pattern can't end in a parent directory path (..)\n` +
        'If you want to include a directory, use source-destination form, or a glob pattern ending in **/*.\n' +
        'Learn more: https://spinframework.dev/writing-apps#including-files-with-components',
    );
  });

  it.each(['.', 'static/.'])('refuses %j, a pattern ending in a current directory', (pattern) => {
    expect(errorOf(`["${pattern}"]`).detail).toMatch(/^A file pattern can't end in a current directory path \(\.\)\n/);
  });

  it('names a missing path that is no glob with Rust quoting', () => {
    expect(errorOf('["config.json", "missing \\"file\\".txt"]').message).toBe(`${where(9)}"missing \\"file\\".txt" does not exist and doesn't appear to be a glob pattern`);
  });

  it('names a missing placement source as written, at its own line', () => {
    const error = errorOf('[\n  "config.json",\n  { source = "nope", destination = "/" },\n]');
    expect(error.message).toBe(`${where(11)}File or directory "nope" does not exist`);
    expect(error).toMatchObject({ line: 11, component: 'web' });
  });

  it('reports a source that cannot be a directory as an invalid source', () => {
    expect(errorOf('[{ source = "config.json/sub", destination = "/" }]').detail).toBe('invalid file mount source "config.json/sub": Not a directory (os error 20)');
  });

  it('refuses a glob that does not compile, with the whole pattern and the position in it', () => {
    const pattern = `${app}/static/a**.txt`;
    expect(errorOf('["static/a**.txt"]').detail).toBe(
      `Failed to resolve glob pattern "${pattern}": Pattern syntax error near position ${pattern.length - 7}: recursive wildcards must form a single path component`,
    );
  });

  it('refuses an exclude pattern that does not compile, at exclude_files, once a mount walks', () => {
    const error = errorOf('["static"]', '["ok/*", "[x"]');
    expect(error.message).toBe(`${where(10)}Invalid exclude_files glob pattern "[x": Pattern syntax error near position 0: invalid range pattern`);
    expect(mount('["config.json"]', '["[x"]')?.files.files.size).toBe(1);
  });

  it('refuses files outside the application directory', () => {
    expect(errorOf(`["${root}/outside/*.txt"]`).detail).toBe(
      `${root}/outside/*.txt cannot be mapped because it is outside the application directory. Files must be within the application directory.`,
    );
    expect(errorOf(`[{ source = "${root}/outside", destination = "/" }]`).detail).toBe(
      `${root}/outside/**/* cannot be mapped because it is outside the application directory. Files must be within the application directory.`,
    );
    expect(errorOf(`["${root}/outside/x.txt"]`).detail).toMatch(/^".*\/outside\/x\.txt": prefix not found/);
  });

  it.each(['/', 'dir/', 'dir/.', '..'])('refuses the directory-like destination %j for a file', (destination) => {
    expect(errorOf(`[{ source = "config.json", destination = "${destination}" }]`).detail).toBe(
      `Failed to copy "${path.join(app, 'config.json')}": "${destination}" is not a valid destination file name`,
    );
  });

  it('refuses a file where a directory is mounted, and a directory where a file is', () => {
    expect(errorOf('["docs/api/ref.md", { source = "config.json", destination = "/docs" }]').detail).toMatch(/^Failed to copy ".*config\.json" to "\/docs" \(for destination path "\/docs"\): Is a directory/);
    expect(errorOf('["config.json", { source = "assets", destination = "/config.json" }]').detail).toBe('Failed to create parent directory "/config.json": File exists (os error 17)');
  });
});

describe('loadApp: files are checked and laid out at load', () => {
  const load = async (files: string) => {
    await writeFile(
      path.join(app, 'spin.toml'),
      'spin_manifest_version = 2\n[application]\nname = "app"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n' +
        `[component.web]\nsource = "not-built-yet.wasm"\nfiles = ${files}\n[component.other]\nsource = "other.wasm"\n`,
    );
    return loadApp(path.join(app, 'spin.toml'));
  };

  it('keeps the tree of each component with files, and their warnings, before any wasm is needed', async () => {
    const loaded = await load('["*"]');
    expect([...loaded.fileMounts.keys()]).toEqual(['web']);
    expect(loaded.fileMounts.get('web')?.files.get('config.json')).toBe(path.join(app, 'config.json'));
    expect(loaded.warnings.map((warning) => warning.component)).toEqual(['web']);
  });

  it('fails the load with the entry and Spin words', async () => {
    await expect(load('["config.json", "nope.txt"]')).rejects.toThrow(`${path.join(app, 'spin.toml')}:9: component "web": "nope.txt" does not exist and doesn't appear to be a glob pattern`);
  });
});

describe('stripPrefix, as Rust Path::strip_prefix', () => {
  it.each([
    ['/app/static/a.txt', '/app', 'static/a.txt'],
    ['/app/./static/a.txt', '/app', 'static/a.txt'],
    ['/app/../shared/a.txt', '/app', '../shared/a.txt'],
    ['/app/static//a.txt', '/app/', 'static//a.txt'],
    ['/application/a.txt', '/app', undefined],
    ['/app', '/app', ''],
  ])('%j without %j is %j', (full, prefix, rest) => {
    expect(stripPrefix(full, prefix)).toBe(rest);
  });
});
