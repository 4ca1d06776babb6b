import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { openInspector, screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
import { appOrigin, inspectorUrl, spawnUi, type UiProcess } from '../support/spinscope-ui.js';
import { writeStoresProject } from '../support/stores-project.js';

const TIMEOUT_MS = 120_000;

// PENDING until the integrator merges the runtime's store side: on this branch the app
// defines no store yet (every open answers no-such-store) and ProjectSession's

describe('key-value and SQLite in the inspector', () => {
  let work: string;
  let ui: UiProcess | undefined;
  let browser: Browser | undefined;
  let inspector: InspectorPage | undefined;
  let project: string;
  let origin: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-stores-'));
    project = await writeStoresProject(work);
    ui = spawnUi(work, [project], { sharedTranspileCache: true });
    const [url, served] = await Promise.all([inspectorUrl(ui), appOrigin(ui)]);
    origin = served;
    browser = await launchChromium();
    inspector = await openInspector(browser, url);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await inspector?.close();
    await browser?.close();
    if (ui?.child.exitCode === null) ui.child.kill('SIGKILL');
    if (work) await rm(work, { recursive: true, force: true });
  });

  const page = (): Page => inspector!.page;
  const get = async (path: string): Promise<[number, string]> => {
    const response = await fetch(`${origin}${path}`);
    return [response.status, await response.text()];
  };
  const views = () => page().getByRole('navigation', { name: 'Views' });
  const detail = () => page().getByRole('complementary', { name: 'Host call details' });

  it('shows each store call of the guest as a row beneath its request, with its detail', async () => {
    // Runs today, whatever the runtime answers the call (no-such-store while no store is
    // served); a read, so the tests below start from an empty store.
    const [status] = await get('/kv?key=nothing');
    expect([200, 500]).toContain(status);
    const row = page().getByRole('row', { name: /todo KV default/ }).first();
    await row.waitFor();
    expect(await row.getAttribute('aria-level')).toBe('2');
    await row.click();
    await detail().waitFor();
    expect(inspector!.errors).toEqual([]);
  }, TIMEOUT_MS);

  // Needs: the default key-value store and SQLite database served (storage wired into the app).
  it('nests each key-value and SQLite call under its request, with its store, key, value and result table', async () => {
    expect(await get('/counter')).toEqual([200, 'counter: 1']);
    expect(await get('/todos?add=write%20tests')).toEqual([200, '[{"id":"1","title":"write tests","done":"0"}]']);

    // A row's name is its cells: time, component, method, URL, status, duration, size.
    const read = page().getByRole('row', { name: /todo KV default get "counter" not found/ });
    const written = page().getByRole('row', { name: /todo KV default set "counter" ok .* 1 B/ });
    await written.waitFor();
    const inbound = page().getByRole('row', { name: /todo GET \/counter 200/ });
    expect(await inbound.getAttribute('aria-level')).toBe('1');
    expect(await read.getAttribute('aria-level')).toBe('2');
    expect(await written.getAttribute('aria-level')).toBe('2');

    await written.click();
    const facts = await detail().locator('dl.facts').first().innerText();
    expect(facts?.replace(/\s+/g, ' ')).toContain('Store default Operation set Key "counter"');
    const value = detail().locator('details', { has: page().getByText('Value written', { exact: true }) });
    expect((await value.locator('pre').textContent())?.trim()).toBe('1');
    await detail().getByRole('button', { name: 'GET /counter' }).click();
    await page().getByRole('complementary', { name: 'Request details' }).waitFor();

    await page().getByRole('row', { name: /todo SQL default SELECT id, title, done FROM todos ORDER BY id 1 row/ }).click();
    const table = detail().getByRole('table', { name: 'Query result' });
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['id', 'title', 'done']);
    expect(await table.getByRole('cell').allTextContents()).toEqual(['1', 'write tests', '0']);
    await page().getByRole('row', { name: /todo SQL default INSERT INTO todos \(title\) VALUES \(\?\) ok/ }).click();
    expect(await detail().getByRole('table', { name: 'Parameters' }).textContent()).toMatch(/\?1\s*text\s*write tests/);
    await screenshotBothThemes(page(), 'sqlite-call');
    expect(inspector!.errors).toEqual([]);
  }, TIMEOUT_MS);

  // Needs: the default store served, and ProjectSession.setStoreAccess.
  it('explains a denied store and allows it in one click for the session; the replay succeeds', async () => {
    const manifestBefore = await readFile(join(project, 'spin.toml'), 'utf8');
    expect(await get('/stats/counter')).toEqual([500, 'access-denied']);
    await views().getByRole('button', { name: 'Traffic', exact: true }).click();
    const denied = page().getByRole('row', { name: /stats KV default open DENIED/ });
    await denied.click();
    // Folded, the request says a denial is inside it.
    // Folded, its name carries the denied badge too.
    const inbound = page().getByRole('row', { name: /stats GET \/stats\/counter (1 denied )?500/ });
    expect(await denied.getAttribute('aria-level')).toBe('2');

    const why = detail().getByRole('region', { name: 'Why this key-value store was denied' });
    expect(await why.textContent()).toContain('key_value_stores of stats');
    await why.getByRole('button', { name: 'Allow for this session', exact: true }).click();
    await why.getByRole('status').getByText(/^Allowed for this session \(not saved to spin\.toml\)/).waitFor();
    await why.getByRole('button', { name: 'Replay the request', exact: true }).click();
    // The replay is selected, compared with the request it replayed.
    const replayed = page().getByRole('complementary', { name: 'Request details' });
    await replayed.getByRole('region', { name: 'Replay compared with the original' }).filter({ hasText: 'Status 500 → 200' }).waitFor();
    await denied.click();
    expect(await get('/stats/counter')).toEqual([200, expect.stringMatching(/^counter: \d+$/)]);
    expect(await readFile(join(project, 'spin.toml'), 'utf8')).toBe(manifestBefore);

    await inbound.locator('[data-toggle]').click();
    expect(await inbound.textContent()).toContain('1 denied');
    await inbound.locator('[data-toggle]').click();
    await screenshotBothThemes(page(), 'store-denial');

    await views().getByRole('button', { name: 'Components', exact: true }).click();
    const card = page().getByRole('article', { name: 'Component stats', exact: true });
    await card.getByText('changed for this session, not saved to spin.toml', { exact: true }).waitFor();
    expect(await card.getByRole('group', { name: 'key_value_stores of stats', exact: true }).getByRole('button').allTextContents()).toEqual(['Remove', 'Add']);
    await card.getByRole('textbox', { name: 'New SQLite database label for stats', exact: true }).fill('user data');
    await card.getByText(/"user data": expected kebab-case or snake_case/).waitFor();
    expect(await card.getByRole('group', { name: 'sqlite_databases of stats', exact: true }).getByRole('button', { name: 'Add', exact: true }).isDisabled()).toBe(true);
    await card.getByRole('button', { name: 'Discard session changes', exact: true }).click();
    await card.getByText('changed for this session, not saved to spin.toml', { exact: true }).waitFor({ state: 'detached' });
    expect(await get('/stats/counter')).toEqual([500, 'access-denied']);
    await views().getByRole('button', { name: 'Traffic', exact: true }).click();
    expect(inspector!.errors).toEqual([]);
  }, TIMEOUT_MS);

  // Needs: the default store served, and ProjectSession.keyValueStores / keyValueKeys / keyValueGet / keyValueSet / keyValueDelete.
  it('the key-value browser lists the store and its keys, edits and deletes a key, and the guest sees it', async () => {
    expect(await get('/counter')).toEqual([200, expect.stringMatching(/^counter: \d+$/)]);
    await views().getByRole('button', { name: 'Key-value', exact: true }).click();
    const stores = page().getByRole('listbox', { name: 'Key-value stores' });
    await stores.getByRole('option', { name: /^default \d+ keys? .*sqlite_key_value\.db opened by todo$/ }).click();
    const keys = page().getByRole('listbox', { name: 'Keys of default' });
    await keys.getByRole('option', { name: 'counter', exact: true }).click();
    const value = page().getByRole('region', { name: 'Value' });
    await value.getByRole('button', { name: 'Edit', exact: true }).click();
    await value.getByRole('textbox', { name: 'Value' }).fill('41');
    await value.getByRole('button', { name: 'Save', exact: true }).click();
    await value.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    expect((await value.locator('pre').textContent())?.trim()).toBe('41');
    expect(await get('/counter')).toEqual([200, 'counter: 42']);

    await page().getByRole('button', { name: 'New key', exact: true }).click();
    await value.getByRole('textbox', { name: 'Key', exact: true }).fill('greeting');
    await value.getByRole('textbox', { name: 'Value', exact: true }).fill('hello from the inspector');
    await value.getByRole('button', { name: 'Create', exact: true }).click();
    await keys.getByRole('option', { name: 'greeting', exact: true }).waitFor();
    expect(await get('/kv?key=greeting')).toEqual([200, 'greeting = hello from the inspector']);

    // Keyboard: the keys list is one tab stop; arrows move the selection.
    await keys.focus();
    await page().keyboard.press('Home');
    expect(await keys.getByRole('option', { selected: true }).textContent()).toBe('counter');
    await page().keyboard.press('ArrowDown');
    expect(await keys.getByRole('option', { selected: true }).textContent()).toBe('greeting');
    await page().getByRole('searchbox', { name: 'Key prefix' }).fill('gr');
    await keys.getByRole('option', { name: 'counter', exact: true }).waitFor({ state: 'detached' });
    expect(await keys.getByRole('option').allTextContents()).toEqual(['greeting']);
    await screenshotBothThemes(page(), 'key-value-browser');

    await value.getByRole('button', { name: 'Delete', exact: true }).click();
    await page().getByRole('alertdialog', { name: 'Delete greeting?' }).getByRole('button', { name: 'Yes, delete', exact: true }).click();
    await keys.getByRole('option', { name: 'greeting', exact: true }).waitFor({ state: 'detached' });
    expect(await get('/kv?key=greeting')).toEqual([200, 'greeting: none']);
    await views().getByRole('button', { name: 'Traffic', exact: true }).click();
    expect(inspector!.errors).toEqual([]);
  }, TIMEOUT_MS);

});
