import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
import { writeProbeProject } from '../support/probe-project.js';
import { openUiInspector, type UiInspector } from '../support/ui-inspector.js';

const TIMEOUT_MS = 60_000;
const ROWS = 6;

/** The URLs of the rows that match, top to bottom (the dimmed context rows above them left out). */
async function urls(page: Page): Promise<string[]> {
  return page.getByRole('treegrid', { name: 'Traffic' }).locator('[role=row][aria-level]:not(.context)').evaluateAll((rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => row.querySelector('.url')?.textContent?.replace(/[▾▸]/g, '').replace(/\s+/g, ' ').trim() ?? ''),
  );
}

describe('the filter language in the inspector', () => {
  let work: string;
  let upstream: Server;
  let upstreamOrigin: string;
  let opened: UiInspector | undefined;
  let origin: string;
  let inspector: InspectorPage;
  let page: Page;
  let box: Locator;
  let counts: Locator;

  /** Types `query` into the filter box (replacing what was there) and waits for `shown` rows. */
  async function filterBy(query: string, shown: number): Promise<void> {
    await box.fill(query);
    await counts.filter({ hasText: `${shown} of ${ROWS} rows` }).waitFor();
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
    const project = await writeProbeProject('filter-app', work);
    upstream = createServer((request, response) => {
      if (request.url === '/missing') response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such thing"}');
      else response.end('fine');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    upstreamOrigin = `http://${upstreamHost}`;
    opened = await openUiInspector(work, [project, '--variable', `upstream=${upstreamHost}`]);
    ({ origin, inspector } = opened);
    page = inspector.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    box = page.getByRole('toolbar', { name: 'Traffic filters' }).getByRole('combobox', { name: 'Filter traffic' });
    counts = page.getByRole('status', { name: 'Row counts' });

    await page.getByText('No traffic yet').waitFor();
    expect((await fetch(`${origin}/hello?name=spin`)).status).toBe(200);
    const echoed = await fetch(`${origin}/echo`, { method: 'POST', headers: { 'x-trace-tag': 'alpha', 'content-type': 'application/json' }, body: '{"order":"pizza"}' });
    expect(echoed.status).toBe(201);
    expect(await (await fetch(`${origin}/fetch?url=${encodeURIComponent(`${upstreamOrigin}/missing`)}`)).text()).toContain('upstream said 404');
    await fetch(`${origin}/fetch?url=${encodeURIComponent('http://denied.example.test/')}`);
    await counts.filter({ hasText: `${ROWS} of ${ROWS} rows` }).waitFor();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await opened?.close();
    upstream?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('keeps the filter bar on one line at 1440 px, every chip in view, even while filtering', async () => {
    const bar = page.getByRole('toolbar', { name: 'Traffic filters' });
    await filterBy('kind:inbound', 4);
    const [barBox, boxBox, exportBox] = await Promise.all([bar.boundingBox(), box.boundingBox(), bar.getByRole('button', { name: 'Export filtered HAR' }).boundingBox()]);
    // One row of controls: the bar is as tall as one control plus its padding, and its first and last control share a line.
    expect(barBox!.height).toBeLessThan(boxBox!.height * 2);
    expect(Math.abs(exportBox!.y - boxBox!.y)).toBeLessThan(4);
    expect(boxBox!.width).toBeGreaterThanOrEqual(200);
    // The chips scroll sideways only in narrower windows; here none is cut off.
    const chips = bar.getByRole('group', { name: 'Kinds' }).locator('..');
    expect(await chips.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
    expect(await counts.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
    await screenshotBothThemes(page, 'filter-bar-1440');
    // Narrower, the chips scroll sideways rather than wrap.
    await page.setViewportSize({ width: 1024, height: 768 });
    expect((await bar.boundingBox())!.height).toBe(barBox!.height);
    await page.setViewportSize({ width: 1440, height: 900 });
    await filterBy('', ROWS);
  }, TIMEOUT_MS);

  it('narrows the rows by key, negation, regular expression, header and body text', async () => {
    await filterBy('method:POST', 1);
    expect(await urls(page)).toEqual(['/echo']);
    await filterBy('status:404', 1);
    expect(await urls(page)).toEqual([`${upstreamOrigin}/missing`]);
    await filterBy('-kind:outbound', 4);
    expect(await urls(page)).not.toContain(`${upstreamOrigin}/missing`);
    await filterBy('/^\\/(echo|hello)/', 2);
    expect(await urls(page)).toEqual(['/hello?name=spin', '/echo']);
    await filterBy('header:x-trace-tag=alpha', 1);
    expect(await urls(page)).toEqual(['/echo']);
    await filterBy('body:pizza', 1);
    // The upstream's answer, in the outbound response and in what the app answered with it.
    await filterBy('"no such thing"', 2);
    expect(await urls(page)).toEqual([`/fetch?url=${encodeURIComponent(`${upstreamOrigin}/missing`)}`, `${upstreamOrigin}/missing`]);
    await filterBy('decision:denied', 1);
    expect(await urls(page)).toEqual(['http://denied.example.test/']);
    await filterBy('', ROWS);
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('suggests keys and the session’s values as you type, picked with the keyboard', async () => {
    await box.fill('');
    await box.pressSequentially('met');
    const suggestions = page.getByRole('listbox', { name: 'Filter suggestions' });
    await suggestions.waitFor();
    expect(await suggestions.getByRole('option').allTextContents()).toEqual([expect.stringMatching(/^method:/)]);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await box.inputValue()).toBe('method:');
    // Then the methods seen this session, the first one active.
    await suggestions.getByRole('option', { name: /POST/ }).waitFor();
    expect(await suggestions.getByRole('option', { selected: true }).textContent()).toMatch(/^GET/);
    await page.keyboard.press('ArrowDown');
    expect(await suggestions.getByRole('option', { selected: true }).textContent()).toMatch(/^POST/);
    expect(await box.getAttribute('aria-activedescendant')).toBe(await suggestions.getByRole('option', { selected: true }).getAttribute('id'));
    await page.keyboard.press('Tab');
    expect(await box.inputValue()).toBe('method:POST ');
    await counts.filter({ hasText: `1 of ${ROWS} rows` }).waitFor();
    expect(await suggestions.isVisible()).toBe(false);
    expect(await box.evaluate((element) => element.ownerDocument.activeElement === element)).toBe(true);

    await box.pressSequentially('host:');
    await suggestions.getByRole('option', { name: /denied\.example\.test/ }).waitFor();
    await screenshotBothThemes(page, 'filter-suggestions');
    await page.keyboard.press('Escape');
    expect(await suggestions.isVisible()).toBe(false);
    expect(await box.inputValue()).toBe('method:POST host:');
    await filterBy('', ROWS);
  }, TIMEOUT_MS);

  it('says why a filter matches nothing, flags a mistyped key, and reports a bad regular expression without breaking', async () => {
    const messages = page.getByRole('status', { name: 'Filter messages' });
    await filterBy('kind:inbound status:418', 0);
    await messages.filter({ hasText: `status:418 matches none of ${ROWS} rows; without it 4 rows match.` }).waitFor();
    await filterBy('stauts:404', 0);
    expect(await messages.textContent()).toContain('unknown key stauts; did you mean status?');
    await filterBy('/echo(/ method:POST', 1);
    expect(await messages.textContent()).toContain('invalid regular expression /echo(/');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await screenshotBothThemes(page, 'filter-messages');
    await filterBy('', ROWS);
    expect(await box.getAttribute('aria-invalid')).toBe('false');
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('has chips that write their terms into the filter box, pressed while the term is there', async () => {
    const quick = page.getByRole('group', { name: 'Quick filters' });
    const kinds = page.getByRole('group', { name: 'Kinds' });
    const denied = quick.getByRole('button', { name: 'Denied', exact: true });
    await denied.click();
    expect(await box.inputValue()).toBe('decision:denied');
    expect(await denied.getAttribute('aria-pressed')).toBe('true');
    await counts.filter({ hasText: `1 of ${ROWS} rows` }).waitFor();
    // No second way to say the same thing: the kinds have no "denied".
    expect(await kinds.getByRole('button', { name: 'denied' }).count()).toBe(0);

    await denied.click();
    await kinds.getByRole('button', { name: 'inbound', exact: true }).click();
    await kinds.getByRole('button', { name: 'outbound', exact: true }).click();
    expect(await box.inputValue()).toBe('kind:inbound,outbound');
    await box.fill('kind:outbound');
    expect(await kinds.getByRole('button', { name: 'inbound', exact: true }).getAttribute('aria-pressed')).toBe('false');
    expect(await kinds.getByRole('button', { name: 'outbound', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await counts.filter({ hasText: `2 of ${ROWS} rows` }).waitFor();
    // Escape in the box (its suggestions closed) clears the whole filter, chips and all.
    await box.focus();
    await page.keyboard.press('Escape');
    expect(await box.inputValue()).toBe('');
    await counts.filter({ hasText: `${ROWS} of ${ROWS} rows` }).waitFor();
    expect(await kinds.getByRole('button', { name: 'outbound', exact: true }).getAttribute('aria-pressed')).toBe('false');
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
