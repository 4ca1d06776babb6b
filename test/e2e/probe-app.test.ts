import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { openInspector, screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
import { writeProbeProject } from '../support/probe-project.js';
import { appOrigin, interrupt, inspectorUrl as printedInspectorUrl, spawnUi, type UiProcess } from '../support/spinscope-ui.js';

const TIMEOUT_MS = 60_000;

describe('the inspector serving a test app', () => {
  let work: string;
  let project: string;
  let upstream: Server;
  let upstreamHost: string;
  let ui: UiProcess;
  let origin: string;
  let inspectorUrl: string;
  let browser: Browser;
  let inspector: InspectorPage;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
    project = await writeProbeProject('probe-app', work);
    upstream = createServer((request, response) => response.end(`upstream saw ${request.url}`));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    ui = spawnUi(work, [project, '--variable', `upstream=${upstreamHost}`], { sharedTranspileCache: true });
    [inspectorUrl, origin] = await Promise.all([printedInspectorUrl(ui), appOrigin(ui)]);
    browser = await launchChromium();
    inspector = await openInspector(browser, inspectorUrl);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await inspector?.close();
    await browser?.close();
    if (ui?.child.exitCode === null) ui.child.kill('SIGKILL');
    upstream?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('turns a denial into an allow rule in one click, replays the request, and saves the rule to spin.toml', async () => {
    const hits: string[] = [];
    const forbidden = createServer((request, response) => {
      hits.push(request.url ?? '');
      response.end('forbidden host answered');
    });
    await new Promise<void>((resolve) => forbidden.listen(0, '127.0.0.1', resolve));
    const forbiddenOrigin = `http://127.0.0.1:${(forbidden.address() as AddressInfo).port}`;
    try {
      const { page } = inspector;
      expect((await fetch(`${origin}/fetch?url=${encodeURIComponent(`${forbiddenOrigin}/data`)}`)).status).toBe(500);
      await page.getByRole('row', { name: new RegExp(`${forbiddenOrigin}/data.*DENIED`) }).click();
      const explainer = page.getByRole('region', { name: 'Why this request was denied' });
      const choices = explainer.getByRole('combobox', { name: 'Entry to add' });
      expect(await choices.locator('option').allTextContents()).toEqual([forbiddenOrigin, 'http://127.0.0.1:*']);
      expect(await choices.inputValue()).toBe(forbiddenOrigin);
      await explainer.getByRole('button', { name: 'Allow for this session' }).click();
      await explainer.getByRole('status').filter({ hasText: 'Allowed for this session' }).waitFor();
      expect(hits).toEqual([]);

      await explainer.getByRole('button', { name: 'Replay the request' }).click();
      // The replay is selected, compared with the request it replayed.
      const comparison = page.getByRole('complementary', { name: 'Request details' }).getByRole('region', { name: 'Replay compared with the original' });
      await comparison.filter({ hasText: 'Status 500 → 200' }).waitFor();
      expect(hits).toEqual(['/data']);
      await page.getByRole('row', { name: new RegExp(`${forbiddenOrigin}/data.*200`) }).waitFor();
      expect(await readFile(join(project, 'spin.toml'), 'utf8')).not.toContain(forbiddenOrigin);

      await page.getByRole('row', { name: new RegExp(`${forbiddenOrigin}/data.*DENIED`) }).click();
      await explainer.getByRole('button', { name: 'Allow and save to spin.toml' }).click();
      await explainer.getByRole('status').filter({ hasText: /Saved to spin\.toml and reloaded/ }).waitFor();
      const saved = await readFile(join(project, 'spin.toml'), 'utf8');
      expect(saved.split('\n').filter((line) => line.startsWith('allowed_outbound_hosts'))).toEqual([`allowed_outbound_hosts = ["http://backend.spin.internal", "http://{{ upstream }}", "${forbiddenOrigin}"]`]);
      expect(await (await fetch(`${origin}/fetch?url=${encodeURIComponent(`${forbiddenOrigin}/again`)}`)).text()).toBe('upstream said 200: forbidden host answered');
      expect(inspector.errors).toEqual([]);
    } finally {
      forbidden.close();
    }
  }, TIMEOUT_MS);

  it('edits allowed_outbound_hosts in the components panel: add, switch off, refuse an invalid entry, save', async () => {
    const added = createServer((request, response) => response.end(`added host saw ${request.url}`));
    await new Promise<void>((resolve) => added.listen(0, '127.0.0.1', resolve));
    const addedOrigin = `http://127.0.0.1:${(added.address() as AddressInfo).port}`;
    const callAdded = (path: string) => fetch(`${origin}/fetch?url=${encodeURIComponent(`${addedOrigin}${path}`)}`);
    try {
      const { page } = inspector;
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Components' }).click();
      const card = page.getByRole('article', { name: 'Component frontend' });
      const editor = card.getByRole('group', { name: 'allowed_outbound_hosts of frontend' });
      const enforce = editor.getByRole('checkbox', { name: `Enforce ${addedOrigin}` });

      await editor.getByRole('textbox', { name: 'New entry for frontend' }).fill(addedOrigin);
      await editor.getByRole('button', { name: 'Add' }).click();
      await card.getByText('changed for this session, not saved to spin.toml').waitFor();
      expect(await enforce.isChecked()).toBe(true);
      expect(await (await callAdded('/on')).text()).toBe('upstream said 200: added host saw /on');

      await enforce.click();
      await editor.getByText('off: kept here, not enforced').waitFor();
      expect((await callAdded('/off')).status).toBe(500);

      await editor.getByRole('textbox', { name: 'New entry for frontend' }).fill('http://example.com:99999');
      await editor.getByRole('button', { name: 'Add' }).click();
      const refusal = editor.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toBe('Invalid allowed host port "99999": port "99999" is not a number');
      expect(await editor.getByRole('checkbox', { name: 'Enforce http://example.com:99999' }).count()).toBe(0);

      await enforce.click();
      await editor.getByText('off: kept here, not enforced').waitFor({ state: 'detached' });
      await card.getByRole('button', { name: 'Save to spin.toml' }).click();
      await card.getByText('changed for this session, not saved to spin.toml').waitFor({ state: 'detached' });
      expect(await readFile(join(project, 'spin.toml'), 'utf8')).toMatch(new RegExp(`allowed_outbound_hosts = \\[.*"${addedOrigin}"\\]`));
      expect(await (await callAdded('/saved')).text()).toBe('upstream said 200: added host saw /saved');
      await screenshotBothThemes(page, 'hosts-editor');
      expect(inspector.errors).toEqual([]);
    } finally {
      await inspector.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
      added.close();
    }
  }, TIMEOUT_MS);

  it("shows an inbound request's body, which streams into the component and is recorded with its answer", async () => {
    const { page } = inspector;
    const sent = JSON.stringify({ order: 'e2e-posted', items: [1, 2, 3] });
    const response = await fetch(`${origin}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sent });
    expect(await response.text()).toBe(sent);
    await page.getByRole('row', { name: /POST \/echo 201/ }).click();
    const detail = page.getByRole('complementary', { name: 'Request details' });
    const requestBody = detail.locator('details', { has: page.getByText('Request body', { exact: true }) });
    await requestBody.getByText('e2e-posted').first().waitFor();
    expect(await requestBody.textContent()).not.toContain('still streaming');
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('shows a broken spin.toml with its file and line while the last good app keeps serving', async () => {
    const { page } = inspector;
    const manifest = join(project, 'spin.toml');
    const good = await readFile(manifest, 'utf8');
    await writeFile(manifest, good.replace('[component.backend]', '[component.backend\n'));
    await page.getByRole('toolbar', { name: 'App controls' }).getByRole('button', { name: 'Restart' }).click();
    const banner = page.getByRole('alert', { name: 'App problem' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('The app failed to reload; the last good version keeps serving.');
    expect(await banner.locator('.where').textContent()).toMatch(new RegExp(`^${manifest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
    const response = await fetch(`${origin}/still-serving`);
    expect(await response.text()).toBe('hello from /still-serving');
    await page.getByRole('row', { name: /\/still-serving/ }).waitFor();
    await screenshotBothThemes(page, 'problem-banner');

    await writeFile(manifest, good);
    await page.getByRole('toolbar', { name: 'App controls' }).getByRole('button', { name: 'Restart' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('shows "disconnected, retrying…" while spinscope ui is down and live rows again once it is back with the same token', async () => {
    const { page } = inspector;
    const printed = new URL(inspectorUrl);
    const token = printed.searchParams.get('token') ?? '';
    await fetch(`${origin}/before`);
    await page.getByRole('row', { name: /\/before/ }).waitFor();
    expect(await interrupt(ui)).toBe(0);
    const disconnected = page.getByRole('alert').filter({ hasText: 'disconnected from spinscope, retrying…' });
    await disconnected.waitFor();

    ui = spawnUi(work, [project, '--variable', `upstream=${upstreamHost}`], { port: Number(printed.port), token, sharedTranspileCache: true });
    origin = await appOrigin(ui);
    await disconnected.waitFor({ state: 'detached' });
    await fetch(`${origin}/fetch?url=${encodeURIComponent(`http://${upstreamHost}/after`)}`);
    await page.getByRole('row', { name: new RegExp(`${upstreamHost}/after`) }).waitFor();
    expect(await page.getByRole('row', { name: /\/before/ }).count()).toBe(1);
    expect(inspector.errors.filter((error) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(error))).toEqual([]);
  }, TIMEOUT_MS);
});
