import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
import { writeProbeProject } from '../support/probe-project.js';
import { openUiInspector, type UiInspector } from '../support/ui-inspector.js';

const TIMEOUT_MS = 60_000;
/** Small enough that a few large echoes evict everything before them. */
const EVENT_BUDGET = '512KiB';

/** The rows the list shows, top to bottom, as `level url`, the URL cell's text as shown. */
async function rowUrls(page: Page): Promise<string[]> {
  return page.getByRole('treegrid', { name: 'Traffic' }).locator('[role=row][aria-level]').evaluateAll((rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => `${row.getAttribute('aria-level')} ${row.querySelector('.url .text')?.textContent ?? ''}`),
  );
}

/** The px width of `locator`'s box. */
async function widthOf(locator: Locator): Promise<number> {
  return (await locator.boundingBox())?.width ?? Number.NaN;
}

/** Drags the middle of `handle` sideways by `dx` px with the mouse. */
async function drag(page: Page, handle: Locator, dx: number): Promise<void> {
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + dx / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2);
  await page.mouse.up();
}

describe('the traffic list', () => {
  let work: string;
  let upstream: Server;
  let up: string;
  /** Requests to the upstream's `/hang` wait here until a test lets them answer. */
  const hanging: ServerResponse[] = [];
  let opened: UiInspector | undefined;
  let origin: string;
  let inspector: InspectorPage;
  let page: Page;

  /** Makes the frontend fetch `target`; resolves once the app answered. */
  const callOut = async (target: string): Promise<number> => (await fetch(`${origin}/fetch?url=${encodeURIComponent(target)}`)).status;
  const list = () => page.getByRole('treegrid', { name: 'Traffic' });
  const header = (name: string) => list().getByRole('columnheader', { name, exact: true });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
    const project = await writeProbeProject('probe-app', work);
    // `/status/<n>` answers n; `/hang` answers when the test says; anything else 200.
    upstream = createServer((request, response) => {
      const path = request.url ?? '';
      if (path === '/hang') return void hanging.push(response);
      response.statusCode = Number(/^\/status\/(\d{3})$/.exec(path)?.[1] ?? 200);
      response.end(`upstream saw ${path}`);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    opened = await openUiInspector(work, [project, '--variable', `upstream=${new URL(up).host}`, '--max-event-bytes', EVENT_BUDGET]);
    ({ origin, inspector } = opened);
    page = inspector.page;
  }, TIMEOUT_MS);

  afterAll(async () => {
    for (const response of hanging) response.end();
    await opened?.close();
    upstream?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('sorts root rows by a column header, either way, each request keeping its calls beneath it', async () => {
    for (const name of ['b', 'c', 'a']) expect(await callOut(`${up}/sorted/${name}`)).toBe(200);
    await list().getByRole('row', { name: new RegExp(`${up}/sorted/a`) }).waitFor();
    const sorted = async () => (await rowUrls(page)).filter((row) => row.includes('sorted'));
    const root = (name: string) => `1 /fetch?url=${encodeURIComponent(`${up}/sorted/${name}`)}`;
    const call = (name: string) => `2 ${up}/sorted/${name}`;
    expect(await sorted()).toEqual([root('b'), call('b'), root('c'), call('c'), root('a'), call('a')]);
    expect(await header('Time').getAttribute('aria-sort')).toBe('ascending');

    await header('URL').getByRole('button', { name: 'URL' }).click();
    expect(await header('URL').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Time').getAttribute('aria-sort')).toBeNull();
    expect(await sorted()).toEqual([root('a'), call('a'), root('b'), call('b'), root('c'), call('c')]);
    await header('URL').getByRole('button', { name: 'URL' }).click();
    expect(await header('URL').getAttribute('aria-sort')).toBe('descending');
    expect(await sorted()).toEqual([root('c'), call('c'), root('b'), call('b'), root('a'), call('a')]);

    await header('Time').getByRole('button', { name: 'Time' }).click();
    expect(await sorted()).toEqual([root('b'), call('b'), root('c'), call('c'), root('a'), call('a')]);
  }, TIMEOUT_MS);

  it('resizes a column by dragging its edge or with the arrow keys, and keeps the width after a reload', async () => {
    const component = header('Component');
    const before = await widthOf(component);
    await drag(page, component.getByRole('separator', { name: 'Resize Component' }), 60);
    expect(await widthOf(component)).toBeCloseTo(before + 60, -1);
    await component.getByRole('separator', { name: 'Resize Component' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const resized = await widthOf(component);
    expect(resized).toBeCloseTo(before + 76, -1);
    expect(await component.getByRole('separator').getAttribute('aria-valuenow')).toBe(String(Math.round(resized)));
    // Right of the URL column, a handle sits on the column's left edge: dragging it left widens the column.
    const status = header('Status');
    const statusBefore = await widthOf(status);
    await drag(page, status.getByRole('separator', { name: 'Resize Status' }), -30);
    expect(await widthOf(status)).toBeCloseTo(statusBefore + 30, -1);

    await page.reload();
    await page.getByRole('status', { name: 'App state' }).waitFor();
    expect(await widthOf(header('Component'))).toBeCloseTo(resized, 0);
    expect(await widthOf(header('Status'))).toBeCloseTo(statusBefore + 30, -1);
  }, TIMEOUT_MS);

  it('hides and shows columns from the Columns menu or a header\'s context menu, and resets them', async () => {
    await page.getByRole('button', { name: 'Columns' }).click();
    const menu = page.getByRole('menu', { name: 'Columns' });
    expect(await menu.getByRole('menuitemcheckbox', { name: 'URL' }).getAttribute('aria-disabled')).toBe('true');
    await menu.getByRole('menuitemcheckbox', { name: 'Size' }).click();
    expect(await menu.getByRole('menuitemcheckbox', { name: 'Size' }).getAttribute('aria-checked')).toBe('false');
    expect(await header('Size').count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(await menu.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Columns' }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(true);

    await header('Method').click({ button: 'right' });
    await menu.getByRole('menuitemcheckbox', { name: 'Size' }).click();
    await header('Size').waitFor();
    await page.reload();
    await page.getByRole('status', { name: 'App state' }).waitFor();
    expect(await header('Size').count()).toBe(1);

    await header('Method').click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Reset columns' }).click();
    await page.mouse.click(5, 5);
    expect(await menu.count()).toBe(0);
    expect(await widthOf(header('Component'))).toBeCloseTo(110, 0);
  }, TIMEOUT_MS);

  it('colours waterfall bars by outcome: answered, 4xx, 5xx or failed, denied, still running', async () => {
    const pending = callOut(`${up}/hang`);
    await Promise.all([callOut(`${up}/status/404`), callOut(`${up}/status/503`), callOut('http://127.0.0.1:9/not-allowed'), fetch(`${origin}/throw`)]);
    const bar = async (name: RegExp) => {
      const row = list().getByRole('row', { name }).last();
      await row.waitFor();
      return row.locator('.waterfall [data-status]');
    };
    const colour = (locator: Locator) => locator.evaluate((element) => {
      const style = element.ownerDocument.defaultView!.getComputedStyle(element);
      return `${style.backgroundColor} ${style.backgroundImage}`;
    });
    const answered = await bar(new RegExp(`${up}/sorted/a 200`));
    const clientError = await bar(new RegExp(`${up}/status/404 404`));
    const serverError = await bar(new RegExp(`${up}/status/503 503`));
    const denied = await bar(/127\.0\.0\.1:9\/not-allowed DENIED/);
    const failed = await bar(/\/throw 500/);
    const running = await bar(new RegExp(`${up}/hang …`));
    expect(await Promise.all([answered, clientError, serverError, denied, failed, running].map((locator) => locator.getAttribute('data-status')))).toEqual([
      'ok',
      'client-error',
      'failed',
      'denied',
      'failed',
      'pending',
    ]);
    const colours = await Promise.all([answered, clientError, serverError, denied, running].map(colour));
    expect(new Set(colours).size).toBe(5);
    // The full label is the bar's tooltip.
    expect(await clientError.getAttribute('title')).toMatch(new RegExp(`^GET ${up}/status/404 · 404 · \\d+ ms · at \\+`));
    await screenshotBothThemes(page, 'traffic-list');
    for (const response of hanging.splice(0)) response.end('done');
    expect(await pending).toBe(200);
  }, TIMEOUT_MS);

  it('shows a URL decoded, with the URL as recorded on hover and in a copy', async () => {
    const raw = '/caf%C3%A9/r%C3%A9sum%C3%A9?q=a%20b&next=%2Fhome';
    await fetch(`${origin}${raw}`);
    const row = list().getByRole('row', { name: /\/café\/résumé\?q=a b&next=%2Fhome/ });
    await row.waitFor();
    const cell = row.getByRole('gridcell').filter({ hasText: 'café' });
    expect(await cell.getAttribute('title')).toBe(raw);
    await row.click();
    await list().focus();
    await page.keyboard.press('Control+c');
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toBe(raw);
    await page.keyboard.press('Escape');
  }, TIMEOUT_MS);

  it('keeps a folded request\'s denial badge in view however long its URL', async () => {
    const long = `http://127.0.0.1:9/${'a-very-long-path-segment/'.repeat(40)}end`;
    expect(await callOut(long)).toBe(500);
    const row = list().getByRole('row', { name: /GET \/fetch\?url=\S*a-very-long-path-segment\S* (1 denied )?500/ });
    await row.waitFor();
    await row.click();
    await page.keyboard.press('Escape');
    await list().focus();
    await page.keyboard.press('ArrowLeft');
    expect(await row.getAttribute('aria-expanded')).toBe('false');
    const badge = row.getByText('1 denied');
    expect(await badge.isVisible()).toBe(true);
    const [badgeBox, listBox] = [(await badge.boundingBox())!, (await list().boundingBox())!];
    expect(badgeBox.x + badgeBox.width).toBeLessThanOrEqual(listBox.x + listBox.width);
    expect(await row.getByRole('gridcell').filter({ hasText: '1 denied' }).getAttribute('title')).toContain('a-very-long-path-segment');
  }, TIMEOUT_MS);

  it('resizes the split between the list and the details by pointer or keyboard, and keeps it', async () => {
    await list().getByRole('row', { name: /\/throw 500/ }).click();
    const detail = page.getByRole('complementary', { name: 'Request details' });
    const split = page.getByRole('separator', { name: 'Resize the details pane' });
    const before = await widthOf(detail);
    await drag(page, split, -100);
    expect(await widthOf(detail)).toBeCloseTo(before + 100, -1);
    await split.focus();
    await page.keyboard.press('ArrowRight');
    const after = await widthOf(detail);
    expect(after).toBeLessThan(before + 100);
    expect(Number(await split.getAttribute('aria-valuenow'))).toBeGreaterThan(0);

    await page.reload();
    await page.getByRole('status', { name: 'App state' }).waitFor();
    await list().getByRole('row', { name: /\/throw 500/ }).click();
    expect(await widthOf(detail)).toBeCloseTo(after, 0);
    await page.keyboard.press('Escape');
  }, TIMEOUT_MS);

  it('fits beside the details at 1024x768: no sideways scroll, Duration and Size in view', async () => {
    // The default split and columns.
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('menu', { name: 'Columns' }).getByRole('menuitem', { name: 'Reset columns' }).click();
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1024, height: 768 });
    await list().getByRole('row', { name: /\/throw 500/ }).click();
    await page.getByRole('complementary', { name: 'Request details' }).waitFor();
    // The columns are fitted once the list has been measured at its new width, a frame or so after the resize.
    const overflow = () => list().evaluate((element) => [element.scrollWidth - element.clientWidth, element.ownerDocument.documentElement.scrollWidth - element.ownerDocument.documentElement.clientWidth]);
    await expect.poll(overflow).toEqual([0, 0]);
    const listBox = (await list().boundingBox())!;
    for (const name of ['Method', 'URL', 'Status', 'Duration', 'Size']) {
      const box = (await header(name).boundingBox())!;
      expect(box.width, name).toBeGreaterThan(30);
      expect(box.x + box.width, name).toBeLessThanOrEqual(listBox.x + listBox.width);
    }
    expect(await list().getByRole('row', { name: /\/throw 500 \d+ ms/ }).isVisible()).toBe(true);
    await screenshotBothThemes(page, 'traffic-list-1024');
    await page.setViewportSize({ width: 1400, height: 860 });
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('shows a burst of live traffic whole, following the newest row, without a page error', async () => {
    // 100 requests, 10 at a time: their events reach the page in many batches, which the
    // list applies at most once per frame (test/unit/renderer/traffic-state.test.ts; the
    // frame timings are `npm run bench`'s section (d)).
    for (let wave = 0; wave < 10; wave++) {
      await Promise.all(Array.from({ length: 10 }, async (_, index) => (await fetch(`${origin}/burst?n=${wave * 10 + index}`)).arrayBuffer()));
    }
    await list().getByRole('row', { name: /\/burst\?n=99 200/ }).waitFor();
    await expect.poll(async () => list().evaluate((element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 26)).toBe(true);
    const box = page.getByRole('toolbar', { name: 'Traffic filters' }).getByRole('combobox', { name: 'Filter traffic' });
    await box.fill('url:/burst?');
    await page.getByRole('status', { name: 'Row counts' }).filter({ hasText: /^\s*100 of \d+ rows/ }).waitFor();
    await box.fill('');
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('drops live rows of the traces the server evicted', async () => {
    await fetch(`${origin}/evict-me`);
    const first = list().getByRole('row', { name: /\/evict-me/ });
    await first.waitFor();
    // Echoes of 96 KiB each: a few outweigh the whole budget, so every trace before them goes.
    const body = 'x'.repeat(96 * 1024);
    for (let index = 0; index < 12; index++) await (await fetch(`${origin}/echo?round=${index}`, { method: 'POST', body })).arrayBuffer();
    await list().getByRole('row', { name: /\/echo\?round=11 201/ }).waitFor();
    await expect.poll(() => first.count()).toBe(0);
    const counts = page.getByRole('status', { name: 'Row counts' });
    expect(await counts.textContent()).toMatch(/evicted/);
    const live = (await counts.textContent())?.match(/^\s*(\d+) of (\d+) rows/)?.slice(1);
    // A fresh page shows what the store holds: the live list shows the same.
    await page.reload();
    await page.getByRole('status', { name: 'App state' }).waitFor();
    await list().getByRole('row', { name: /\/echo\?round=11 201/ }).waitFor();
    expect((await counts.textContent())?.match(/^\s*(\d+) of (\d+) rows/)?.slice(1)).toEqual(live);
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
