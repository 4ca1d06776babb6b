import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponent } from '../support/build-component.js';
import { screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
import { openUiInspector, type UiInspector } from '../support/ui-inspector.js';

const TIMEOUT_MS = 60_000;

/** The names of a timing breakdown's phases, top to bottom. */
async function phaseNames(detail: Locator): Promise<string[]> {
  const table = detail.getByRole('table', { name: 'Timing breakdown' });
  await table.waitFor();
  return table.getByRole('rowheader').allTextContents();
}

describe('timing phases, headers as sent and outcome-coloured waterfall bars in the inspector', () => {
  let work: string;
  let upstream: Server;
  let upstreamOrigin: string;
  let closedOrigin: string;
  let opened: UiInspector | undefined;
  let origin: string;
  let inspector: InspectorPage;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
    upstream = createServer((request, response) => response.end(`upstream saw ${request.url}`));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const project = join(work, 'timing-app');
    await mkdir(project);
    await writeFile(
      join(project, 'spin.toml'),
      `spin_manifest_version = 2\n[application]\nname = "timing-app"\n[[trigger.http]]\nroute = "/..."\ncomponent = "web"\n[component.web]\nsource = ${JSON.stringify(await buildComponent('probe'))}\nallowed_outbound_hosts = ["http://127.0.0.1:*"]\n`,
    );
    opened = await openUiInspector(work, [project]);
    ({ origin, inspector } = opened);
    // Two calls to one host in one trace (the second on the kept-alive connection), then a refused call in a trace of its own.
    const both = await fetch(`${origin}/stream-first?url=${encodeURIComponent(`${upstreamOrigin}/alpha`)}&then=${encodeURIComponent(`${upstreamOrigin}/beta`)}`);
    expect(await both.text()).toBe('first: upstream saw /alpha; rest: ');
    expect((await fetch(`${origin}/fetch?url=${encodeURIComponent(`${closedOrigin}/refused`)}`)).status).toBe(500);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await opened?.close();
    upstream?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('breaks an inbound request down into queueing, instance start and the guest run', async () => {
    const { page } = inspector;
    await page.getByRole('row', { name: /web GET \/stream-first.* 200/ }).click();
    const detail = page.getByRole('complementary', { name: 'Request details' });
    expect(await phaseNames(detail)).toEqual(['Queueing (waiting for a worker)', 'Instance start', 'Guest run, until the response head', 'Guest run, writing the body']);
    await detail.getByText('No instance start: a spare instance was ready.').waitFor();
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('breaks an outbound call down from the policy check to the download, and shows a reused connection as such', async () => {
    const { page } = inspector;
    const detail = page.getByRole('complementary', { name: 'Request details' });
    await page.getByRole('row', { name: new RegExp(`${upstreamOrigin}/alpha 200`) }).click();
    // 127.0.0.1 needs no DNS lookup, http no TLS handshake.
    expect(await phaseNames(detail)).toEqual([
      'Policy check (allowed_outbound_hosts)',
      'Waiting for a connection',
      'Initial connection',
      'Request sent',
      'Waiting for the response head (TTFB)',
      'Content download',
    ]);
    await detail.getByRole('table', { name: 'Timing breakdown' }).scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'timing-breakdown');

    await page.getByRole('row', { name: new RegExp(`${upstreamOrigin}/beta 200`) }).click();
    expect(await phaseNames(detail)).toEqual(['Policy check (allowed_outbound_hosts)', 'Waiting for a connection', 'Request sent', 'Waiting for the response head (TTFB)', 'Content download']);
    await detail.getByText('Reused a kept-alive connection: no DNS lookup, connection or TLS handshake.').waitFor();
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('shows the request headers as sent beside those the guest set, the differences marked', async () => {
    const { page } = inspector;
    await page.getByRole('row', { name: new RegExp(`${upstreamOrigin}/alpha 200`) }).click();
    const detail = page.getByRole('complementary', { name: 'Request details' });
    const tabs = detail.getByRole('tablist', { name: 'Request headers' });
    expect(await tabs.getByRole('tab', { name: 'As the guest set them' }).getAttribute('aria-selected')).toBe('true');
    await tabs.getByRole('tab', { name: /^As sent \(2 differences\)$/ }).click();
    const sent = detail.getByRole('table', { name: 'Request headers as sent' });
    // The HTTP client writes Host from the URL's authority (spec §13.56) and asks to keep the connection.
    expect(await sent.getByRole('row').allTextContents()).toEqual([`host${upstreamOrigin.slice('http://'.length)}added`, 'connectionkeep-aliveadded']);
    await sent.scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'headers-as-sent');
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it("colours a failed call's waterfall bar as failed, says so in words, and gives its full label on hover", async () => {
    const { page } = inspector;
    await page.getByRole('row', { name: /web GET \/fetch.*refused.* 500/ }).click();
    const waterfall = page.getByRole('complementary', { name: 'Request details' }).getByRole('list', { name: 'Trace waterfall' });
    await waterfall.scrollIntoViewIfNeeded();
    const failed = waterfall.getByRole('listitem', { name: new RegExp(`^web GET ${closedOrigin}/refused · ERROR · `) });
    const bar = failed.locator('.bar');
    expect(await bar.getAttribute('data-outcome')).toBe('failed');
    const colours = await bar.evaluate((element) => {
      const style = element.ownerDocument.defaultView?.getComputedStyle(element);
      return { bar: style?.backgroundColor, failed: style?.getPropertyValue('--denied').trim() ?? '', success: style?.getPropertyValue('--bar-outbound').trim() ?? '' };
    });
    expect(colours.bar).toBe(rgb(colours.failed));
    expect(colours.bar).not.toBe(rgb(colours.success));
    expect(await failed.textContent()).toContain('ERROR');
    await failed.hover();
    expect(await failed.getAttribute('title')).toMatch(new RegExp(`^web GET ${closedOrigin}/refused · ERROR · [\\d.<]+ ms$`));
    await screenshotBothThemes(page, 'trace-waterfall-failed');
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('keeps the paths of calls to one host in view in the waterfall, and colours them as successes', async () => {
    const { page } = inspector;
    await page.getByRole('row', { name: /web GET \/stream-first.* 200/ }).click();
    const waterfall = page.getByRole('complementary', { name: 'Request details' }).getByRole('list', { name: 'Trace waterfall' });
    for (const path of ['/alpha', '/beta']) {
      const entry = waterfall.getByRole('listitem', { name: new RegExp(`^web GET ${upstreamOrigin}${path} · 200`) });
      expect(await entry.locator('.bar').getAttribute('data-outcome')).toBe('success');
      const shown = entry.locator('.path');
      expect(await shown.textContent()).toBe(path);
      // The whole path is drawn, not cut.
      expect(await shown.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    }
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});

/** `#rrggbb` as the `rgb(r, g, b)` computed styles report. */
function rgb(hex: string): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${value >> 16}, ${(value >> 8) & 0xff}, ${value & 0xff})`;
}
