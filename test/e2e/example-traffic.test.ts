import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExampleInspector, type ExampleInspector } from '../support/example-inspector.js';
import { screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';

const TIMEOUT_MS = 60_000;

/** The rows the traffic list shows, top to bottom, as `level url status`. */
async function rowSummaries(page: Page): Promise<string[]> {
  return page.getByRole('treegrid', { name: 'Traffic' }).locator('[role=row][aria-level]').evaluateAll((rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => {
        // The expand toggle (▾/▸) is aria-hidden; aria-expanded says the same.
        const cells = [...row.querySelectorAll('[role=gridcell]')].map((cell) => cell.textContent?.replace(/[▾▸]/g, '').replace(/\s+/g, ' ').trim() ?? '');
        return `${row.getAttribute('aria-level')} ${cells[1]} ${cells[2]} ${cells[3]} ${cells[4]}`;
      }),
  );
}

describe('the inspector serving the bundled example', () => {
  let example: ExampleInspector | undefined;
  let apiHost: string;
  let origin: string;
  let inspector: InspectorPage;

  beforeAll(async () => {
    example = await openExampleInspector();
    ({ apiHost, origin, inspector } = example);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await example?.close();
  });

  it('shows a request live, with its chain hop and outbound calls nested beneath it', async () => {
    const { page } = inspector;
    await page.getByText('No traffic yet').waitFor();
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    await page.getByRole('row', { name: /self\.alt\/motd/ }).waitFor();
    await page.getByRole('row', { name: new RegExp(`${apiHost}/greeting`) }).waitFor();
    // The inbound row's status comes with the response's event, which may land a batch after the calls'.
    await expect.poll(() => rowSummaries(page)).toEqual([
      '1 frontend GET / 200',
      '2 frontend KV default open ok',
      '2 frontend KV default get "visits" not found',
      '2 frontend KV default set "visits" ok',
      '2 frontend GET → backend http://backend.spin.internal/greeting 200',
      '3 backend GET /greeting 200',
      `4 backend GET http://${apiHost}/greeting 200`,
      '2 frontend GET http://self.alt/motd DENIED',
    ]);
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('makes a denial stand out and explains it with the exact entry to add, ready to copy', async () => {
    const { page } = inspector;
    const denied = page.getByRole('row', { name: /self\.alt\/motd/ });
    const allowed = page.getByRole('row', { name: /backend\.spin\.internal/ });
    // Reached through the element: this file is type-checked without the DOM's globals.
    const background = (row: typeof denied) => row.evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).backgroundColor);
    expect(await background(denied)).not.toBe(await background(allowed));
    await denied.click();
    const detail = page.getByRole('complementary', { name: 'Request details' });
    const why = detail.getByRole('region', { name: 'Why this request was denied' });
    await why.waitFor();
    expect(await why.textContent()).toContain('no allowed_outbound_hosts entry allows requests to the app itself');
    expect(await why.getByRole('heading', { name: 'To allow it' }).isVisible()).toBe(true);
    expect(await why.locator('code.entry').textContent()).toBe('"http://self"');
    expect(await why.textContent()).toContain('[component.frontend]');
    await screenshotBothThemes(page, 'traffic-denial-detail');
    await why.getByRole('button', { name: 'Copy entry' }).click();
    await why.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe('"http://self"');
  }, TIMEOUT_MS);

  it('shows an inbound request as a waterfall of its chain hop and outbound calls', async () => {
    const { page } = inspector;
    await page.getByRole('row', { name: /^\S+ frontend GET \/ 200/ }).click();
    const waterfall = page.getByRole('complementary', { name: 'Request details' }).getByRole('list', { name: 'Trace waterfall' });
    await waterfall.scrollIntoViewIfNeeded();
    expect(await waterfall.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^frontend GET \/ /),
      expect.stringMatching(/^frontend KV default open /),
      expect.stringMatching(/^frontend KV default get "visits" /),
      expect.stringMatching(/^frontend KV default set "visits" /),
      expect.stringMatching(/^frontend GET http:\/\/backend\.spin\.internal\/greeting /),
      expect.stringMatching(/^backend GET \/greeting /),
      expect.stringContaining(`backend GET http://${apiHost}/greeting`),
      expect.stringMatching(/^frontend GET http:\/\/self\.alt\/motd /),
    ]);
    await screenshotBothThemes(page, 'trace-waterfall');
  }, TIMEOUT_MS);

  it('filters by the Denied chip, by component and by free text', async () => {
    const { page } = inspector;
    await fetch(`${origin}/again?round=2`);
    const counts = page.getByRole('status', { name: 'Row counts' });
    await counts.filter({ hasText: '16 of 16 rows' }).waitFor();
    // The request's own row is answered last, maybe a frame after its calls' rows.
    await page.getByRole('row', { name: /\/again\?round=2 .*200/ }).waitFor();
    const filters = page.getByRole('toolbar', { name: 'Traffic filters' });

    const denied = filters.getByRole('group', { name: 'Quick filters' }).getByRole('button', { name: 'Denied', exact: true });
    await denied.click();
    expect(await counts.textContent()).toContain('2 of 16 rows');
    // Each match within its tree: the request it hangs from is kept, dimmed, as context.
    expect(await rowSummaries(page)).toEqual([
      '1 frontend GET / 200',
      '2 frontend GET http://self.alt/motd DENIED',
      '1 frontend GET /again?round=2 200',
      '2 frontend GET http://self.alt/motd DENIED',
    ]);
    expect(await page.getByRole('row', { name: /^\S+ frontend GET \/again\?round=2 200/ }).getAttribute('class')).toContain('context');
    await denied.click();

    const query = filters.getByRole('combobox', { name: 'Filter traffic' });
    await query.fill('component:backend');
    expect(await rowSummaries(page)).toEqual([
      '1 frontend GET / 1 denied 200',
      '2 frontend GET → backend http://backend.spin.internal/greeting 200',
      '3 backend GET /greeting 200',
      `4 backend GET http://${apiHost}/greeting 200`,
      '1 frontend GET /again?round=2 1 denied 200',
      '2 frontend GET → backend http://backend.spin.internal/greeting 200',
      '3 backend GET /greeting 200',
      `4 backend GET http://${apiHost}/greeting 200`,
    ]);

    await query.fill('again');
    // Its calls do not match: the badge says the denial among them.
    expect(await rowSummaries(page)).toEqual(['1 frontend GET /again?round=2 1 denied 200']);
    await query.fill('');
    expect(await counts.textContent()).toContain('16 of 16 rows');
  }, TIMEOUT_MS);

  it('exports every recorded request as HAR 1.2, denials with status 0', async () => {
    const { page } = inspector;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HAR' }).click()]);
    const har = JSON.parse(await readFile(await download.path(), 'utf8')) as { log: { version: string; entries: { request: { method: string; url: string }; response: { status: number } }[] } };
    expect(har.log.version).toBe('1.2');
    const trace = (path: string) => [
      `GET ${origin}${path} 200`,
      'GET http://backend.spin.internal/greeting 200',
      'GET http://backend.spin.internal/greeting 200',
      `GET http://${apiHost}/greeting 200`,
      'GET http://self.alt/motd 0',
    ];
    expect(har.log.entries.map((entry) => `${entry.request.method} ${entry.request.url} ${entry.response.status}`).sort()).toEqual([...trace('/'), ...trace('/again?round=2')].sort());
  }, TIMEOUT_MS);

  it('moves the selection with the arrow keys, opens the detail with Enter and closes it with Esc', async () => {
    const { page } = inspector;
    const list = page.getByRole('treegrid', { name: 'Traffic' });
    const detail = page.getByRole('complementary', { name: 'Request details' });
    const selectedUrl = async () => (await list.locator('[role=row][aria-selected=true] .url').textContent())?.replace(/[▾▸]/g, '').trim();
    await list.focus();
    await page.keyboard.press('Escape');
    expect(await detail.count()).toBe(0);
    await page.keyboard.press('Home');
    expect(await selectedUrl()).toBe('/');
    // Past the visit counter's three key-value calls.
    for (let row = 0; row < 4; row++) await page.keyboard.press('ArrowDown');
    expect(await selectedUrl()).toBe('→ backend http://backend.spin.internal/greeting');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await selectedUrl()).toBe('/greeting');
    expect(await detail.count()).toBe(0);
    await page.keyboard.press('Enter');
    expect(await detail.getByRole('heading', { level: 2 }).textContent()).toMatch(/GET\s+\/greeting/);
    await page.keyboard.press('Escape');
    expect(await detail.count()).toBe(0);
    expect(await selectedUrl()).toBe('/greeting');
  }, TIMEOUT_MS);

  it("lists each component's routes and allowed_outbound_hosts, resolved", async () => {
    const { page } = inspector;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Components' }).click();
    const backend = page.getByRole('article', { name: 'Component backend' });
    expect(await backend.textContent()).toContain('private');
    const hosts = backend.getByRole('group', { name: 'allowed_outbound_hosts of backend' });
    expect(await hosts.getByRole('textbox', { name: 'Entry https://{{ api_host }}' }).inputValue()).toBe('https://{{ api_host }}');
    expect(await hosts.textContent()).toContain(`resolves to https://${apiHost}`);
    await screenshotBothThemes(page, 'components-panel');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
