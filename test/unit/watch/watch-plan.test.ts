import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../runtime/manifest/index.js';
import { watchPlan } from '../../../runtime/watch/index.js';
import { effectOf } from '../../../runtime/watch/watch-plan.js';

const MANIFEST = `spin_manifest_version = 2
[application]
name = "plan"
[[trigger.http]]
route = "/..."
component = "web"
[[trigger.http]]
route = "/api/..."
component = "api"
[[trigger.http]]
route = "/old/..."
component = "old"

[component.web]
source = "web/dist/web.wasm"
[component.web.build]
command = ["npm run build", "npm run check"]
workdir = "web"
watch = ["src/**/*.ts", "package.json", "/abs/shared/*.ts"]

[component.api]
source = "target/api.wasm"
[component.api.build]
command = "cargo build"
watch = ["src/**/*.rs"]

[component.old]
source = "old.wasm"
[component.old.build]
command = "make"
`;

describe('watchPlan: what spin watch would watch', () => {
  const { manifest } = parseManifest(MANIFEST, '/app/spin.toml');
  const plan = watchPlan(manifest);

  it('watches the manifest, each wasm source, and build.watch globs relative to workdir or the manifest dir', () => {
    expect(plan.targets.files).toEqual(['/app/spin.toml', '/app/web/dist/web.wasm', '/app/web/package.json', '/app/target/api.wasm', '/app/old.wasm']);
    expect(plan.targets.dirs).toEqual(['/app/web/src', '/abs/shared', '/app/src']);
    expect([...plan.wasm]).toEqual([['/app/web/dist/web.wasm', ['web']], ['/app/target/api.wasm', ['api']], ['/app/old.wasm', ['old']]]);
  });

  it('matches a changed file to the component whose build it sets off, running in its workdir', () => {
    const [web, api] = plan.builds;
    expect(web).toMatchObject({ component: 'web', commands: ['npm run build', 'npm run check'], workdir: '/app/web' });
    expect(['/app/web/src/deep/a.ts', '/app/web/package.json', '/abs/shared/x.ts'].every((file) => web?.matches(file))).toBe(true);
    expect(web?.matches('/app/web/dist/web.wasm')).toBe(false);
    expect(api).toMatchObject({ component: 'api', commands: ['cargo build'], workdir: '/app' });
    expect(api?.matches('/app/src/main.rs')).toBe(true);
    expect(api?.matches('/app/web/src/a.ts')).toBe(false);
  });

  it('names components with a build but nothing to watch, as spin watch warns', () => {
    expect(plan.unwatched).toEqual(['old']);
    expect(plan.builds.map((build) => build.component)).toEqual(['web', 'api']);
  });
});

describe('watchPlan: component files, as the artifact watcher watches them', () => {
  const { manifest } = parseManifest(
    'spin_manifest_version = 2\n[application]\nname = "assets"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n' +
      '[component.web]\nsource = "web.wasm"\n' +
      'files = ["static/**/*.css", "config.json", "pages", { source = "../shared", destination = "/shared" }, "media/img[0-9]/*.png"]\n',
    '/app/spin.toml',
  );
  const plan = watchPlan(manifest);

  it('watches each file, directory and placement source, and the static base of each glob', () => {
    expect(plan.assets).toEqual(['/app/static', '/app/config.json', '/app/pages', '/shared', '/app/media']);
    expect(plan.targets.dirs).toEqual(plan.assets);
  });

  it('reloads for a change below any of them, and only there', () => {
    expect(effectOf(plan, ['/app/static/deep/site.css']).reload).toBe(true);
    expect(effectOf(plan, ['/shared/logo.svg']).reload).toBe(true);
    expect(effectOf(plan, ['/app/config.json']).reload).toBe(true);
    expect(effectOf(plan, ['/app/pages-old/x.html']).reload).toBe(false);
    expect(effectOf(plan, ['/elsewhere/x']).reload).toBe(false);
  });
});
