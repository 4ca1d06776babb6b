import { readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotBothThemes } from '../support/inspector-page.js';
import { startLoopbackServer, startProbeInspector, type ProbeInspector } from '../support/probe-inspector.js';

const TIMEOUT_MS = 60_000;

describe('discarding session changes in the components panel', () => {
  let probe: ProbeInspector;
  let extra: { server: Server; origin: string };

  beforeAll(async () => {
    [probe, extra] = await Promise.all([startProbeInspector(), startLoopbackServer((path) => `extra host saw ${path}`)]);
  }, TIMEOUT_MS);

  afterAll(async () => {
    extra?.server.close();
    await probe?.close();
  });

  it('drops the session entry and its marker, denies the host again and leaves spin.toml as it was', async () => {
    const { page } = probe.inspector;
    const manifestBefore = await readFile(probe.manifest, 'utf8');
    const views = page.getByRole('navigation', { name: 'Views' });
    await views.getByRole('button', { name: 'Components', exact: true }).click();
    const card = page.getByRole('article', { name: 'Component frontend', exact: true });
    const editor = card.getByRole('group', { name: 'allowed_outbound_hosts of frontend', exact: true });
    // Exact names: Playwright matches a string name as a case-insensitive substring.
    const entry = editor.getByRole('checkbox', { name: `Enforce ${extra.origin}`, exact: true });
    const unsaved = card.getByText('changed for this session, not saved to spin.toml', { exact: true });
    const entries = () => editor.getByRole('textbox', { name: /^Entry / }).evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    // Marks the card if it ever lists the session entry without the marker: a components
    // answer from mid-reload describes the outgoing app, its session change unmarked.
    const watchForUnmarkedEntry = () =>
      card.evaluate((group, origin) => {
        const unmarked = () => !group.textContent?.includes('changed for this session') && [...group.querySelectorAll('input')].some((input) => input.value === origin);
        // Reached through the element: this file is type-checked without the DOM's globals.
        const { MutationObserver } = group.ownerDocument.defaultView as unknown as { MutationObserver: new (changed: () => void) => { observe(node: unknown, options: object): void } };
        const observer = new MutationObserver(() => {
          if (unmarked()) group.setAttribute('data-showed-unmarked-entry', '');
        });
        observer.observe(group, { subtree: true, childList: true, characterData: true });
      }, extra.origin);

    await editor.getByRole('textbox', { name: 'New entry for frontend', exact: true }).fill(extra.origin);
    await editor.getByRole('button', { name: 'Add', exact: true }).click();
    await unsaved.waitFor();
    expect(await entry.isChecked()).toBe(true);
    expect(await (await probe.callOut(`${extra.origin}/session`)).text()).toBe('upstream said 200: extra host saw /session');

    await watchForUnmarkedEntry();
    await card.getByRole('button', { name: 'Discard session changes', exact: true }).click();
    await entry.waitFor({ state: 'detached' });
    await unsaved.waitFor({ state: 'detached' });
    expect((await probe.callOut(`${extra.origin}/discarded`)).status).toBe(500);
    expect(await card.getAttribute('data-showed-unmarked-entry')).toBeNull();
    // Look again once the denial has come back over the same WebSocket: no late reply brought the entry back.
    await views.getByRole('button', { name: 'Traffic', exact: true }).click();
    await page.getByRole('row', { name: new RegExp(`${extra.origin.replaceAll('.', '\\.')}/discarded.*DENIED`) }).waitFor();
    await views.getByRole('button', { name: 'Components', exact: true }).click();
    expect(await entries()).toEqual(['http://backend.spin.internal', 'http://{{ upstream }}']);
    expect(await unsaved.count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Discard session changes', exact: true }).isDisabled()).toBe(true);
    expect(await readFile(probe.manifest, 'utf8')).toBe(manifestBefore);
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it("announces a session change that a reload dropped because spin.toml changed that component's list", async () => {
    const { page } = probe.inspector;
    const views = page.getByRole('navigation', { name: 'Views' });
    await views.getByRole('button', { name: 'Components', exact: true }).click();
    const card = page.getByRole('article', { name: 'Component frontend', exact: true });
    const editor = card.getByRole('group', { name: 'allowed_outbound_hosts of frontend', exact: true });
    await editor.getByRole('textbox', { name: 'New entry for frontend', exact: true }).fill(extra.origin);
    await editor.getByRole('button', { name: 'Add', exact: true }).click();
    await card.getByText('changed for this session, not saved to spin.toml', { exact: true }).waitFor();

    // The developer edits frontend's list by hand, then restarts: the file wins.
    const manifest = await readFile(probe.manifest, 'utf8');
    await writeFile(probe.manifest, manifest.replace('"http://{{ upstream }}"]', '"http://{{ upstream }}", "https://edited.example.test"]'));
    await views.getByRole('button', { name: 'Traffic', exact: true }).click();
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    const notice = page.getByRole('status', { name: 'Session changes dropped' });
    await notice.getByText(/^The session change to the allowed_outbound_hosts of component "frontend" \(.*\) was dropped: /).waitFor();
    await notice.getByRole('button', { name: 'Edit allowed hosts', exact: true }).click();
    const entries = await editor.getByRole('textbox', { name: /^Entry / }).evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(entries).toEqual(['http://backend.spin.internal', 'http://{{ upstream }}', 'https://edited.example.test']);
    expect((await probe.callOut(`${extra.origin}/dropped`)).status).toBe(500);
    await views.getByRole('button', { name: 'Traffic', exact: true }).click();
    await screenshotBothThemes(page, 'dropped-session-change');
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
