import { describe, expect, it } from 'vitest';
import { carrySessionChanges, type SessionChanges } from '../../../runtime/app/session-changes.js';
import type { ListContext } from '../../../runtime/app/session-fields.js';
import { resolveStoreLayout } from '../../../runtime/runtime-config/index.js';
import { parseManifest, type AppManifest } from '../../../runtime/manifest/index.js';
import { webApiManifest, type WebApiManifestOptions } from '../../support/web-api-manifest.js';

/** The test manifest, parsed; `host` has a default unless `variables` says otherwise. */
function manifest({ variables = 'host = { default = "a.test" }', ...options }: WebApiManifestOptions = {}): AppManifest {
  return parseManifest(webApiManifest({ variables, ...options }), '/app/spin.toml').manifest;
}

const session = (entries: readonly string[]): SessionChanges => new Map([['web', entries]]);

/** The reloaded app as session changes see it: its manifest, with Spin's default stores. */
const reloaded = (after: AppManifest): ListContext => ({ manifest: after, stores: resolveStoreLayout({ manifestDir: after.dir }) });

describe('carrySessionChanges (what a reload from spin.toml keeps of the session changes)', () => {
  it('keeps a change when spin.toml left that component’s allowed_outbound_hosts alone', () => {
    const changes = session(['https://b.test']);
    const { kept, dropped } = carrySessionChanges(changes, { before: manifest(), after: reloaded(manifest({ api: '["https://other.test"]' })), since: changes });
    expect([...kept]).toEqual([['web', ['https://b.test']]]);
    expect(dropped).toEqual([]);
  });

  it('drops a change whose component’s list was edited in spin.toml, and says why', () => {
    const changes = session(['https://b.test']);
    const { kept, dropped } = carrySessionChanges(changes, { before: manifest(), after: reloaded(manifest({ web: '["https://c.test"]' })), since: changes });
    expect(kept.size).toBe(0);
    expect(dropped).toEqual([
      {
        component: 'web',
        field: 'allowed_outbound_hosts',
        reason: 'manifest-changed',
        entries: ['https://b.test'],
        message:
          'The session change to the allowed_outbound_hosts of component "web" (["https://b.test"]) was dropped: spin.toml now sets them to ["https://c.test"], and an edit to the file wins over a session change. Apply the change again if you still need it.',
      },
    ]);
  });

  it('keeps a change made while the reload ran, even when the file changed that component', () => {
    const since = session(['https://b.test']);
    const { kept, dropped } = carrySessionChanges(session(['https://d.test']), { before: manifest(), after: reloaded(manifest({ web: '["https://c.test"]' })), since });
    expect([...kept]).toEqual([['web', ['https://d.test']]]);
    expect(dropped).toEqual([]);
  });

  it('ends a change without a report when it was just saved, or spin.toml now holds it', () => {
    const changes = session(['https://b.test']);
    const saved = carrySessionChanges(changes, { before: manifest(), after: reloaded(manifest({ web: '["https://b.test", "https://e.test"]' })), since: changes, saved: 'web' });
    expect(saved).toEqual({ kept: new Map(), dropped: [] });
    const matching = carrySessionChanges(changes, { before: manifest(), after: reloaded(manifest({ web: '["https://b.test"]' })), since: changes });
    expect(matching).toEqual({ kept: new Map(), dropped: [] });
  });

  it('drops a change to a component spin.toml no longer has', () => {
    const changes: SessionChanges = new Map([['api', ['https://b.test']]]);
    const { dropped } = carrySessionChanges(changes, { before: manifest(), after: reloaded(manifest({ api: null })), since: changes });
    expect(dropped).toMatchObject([{ component: 'api', reason: 'component-removed', message: expect.stringContaining('spin.toml no longer has component "api"') }]);
  });

  it('drops a change that the reloaded variables make invalid, with Spin’s message', () => {
    const changes = session(['https://{{ host }}']);
    const { kept, dropped } = carrySessionChanges(changes, { before: manifest(), after: reloaded(manifest({ variables: 'host = { default = "a.test:99999" }' })), since: changes });
    expect(kept.size).toBe(0);
    expect(dropped).toMatchObject([{ component: 'web', reason: 'invalid', entries: ['https://{{ host }}'] }]);
    expect(dropped[0]?.message).toContain('the reloaded app refuses it (using default variable value(s) with template "https://{{ host }}" results in invalid config "https://a.test:99999"');
    expect(dropped[0]?.message).toMatch(/, so spin\.toml's list is enforced instead\.$/);
  });
});
