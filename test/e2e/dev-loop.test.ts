import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponent } from '../support/build-component.js';
import { launchChromium } from '../support/chromium.js';
import { openInspector, screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
import { probeManifest } from '../support/probe-project.js';
import { appOrigin, inspectorUrl as printedInspectorUrl, spawnUi, type UiProcess } from '../support/spinscope-ui.js';

const TIMEOUT_MS = 60_000;

/**
 * The frontend's build.command: prints 60 lines, waits until the test creates `gate`
 * in the project (so the test sees the build running), prints 60 more, an error on
 * stderr, and exits 1. Plain `node -e` with double quotes outside and single quotes
 * inside, so sh and cmd.exe read it alike; without a gate it gives up after 30 s.
 */
const FAILING_BUILD = [
  "function step(from) { for (var i = from; i < from + 60; i++) console.log('compiling module ' + i + ' of 119'); }",
  "step(0); var fs = require('fs'), started = Date.now(), timer = setInterval(function () {",
  "if (!fs.existsSync('gate') && Date.now() - started < 30000) return;",
  "clearInterval(timer); step(60); console.error('src/index.js:1:7: error: expected a semicolon'); process.exitCode = 1;",
  '}, 50);',
].join(' ');

/** Resolves once the build log shows its newest line (it follows its output). */
async function scrolledToNewestLine(log: Locator): Promise<void> {
  await expect.poll(() => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight < 2)).toBe(true);
}

describe('the dev loop in the inspector (spinscope ui --watch)', () => {
  let work: string;
  let project: string;
  let ui: UiProcess;
  let origin: string;
  let browser: Browser;
  let inspector: InspectorPage;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-dev-loop-'));
    project = join(work, 'dev-loop-app');
    await mkdir(join(project, 'src'), { recursive: true });
    await writeFile(join(project, 'src', 'index.js'), 'export const greeting = "hello";\n');
    const build = `\n[component.frontend.build]\ncommand = ${JSON.stringify(`node -e "${FAILING_BUILD}"`)}\nwatch = ["src/**/*.js"]\n`;
    await writeFile(join(project, 'spin.toml'), probeManifest(await buildComponent('probe'), 'dev-loop-app') + build);
    ui = spawnUi(work, [project, '--variable', 'upstream=127.0.0.1:9', '--watch'], { sharedTranspileCache: true });
    const inspectorUrl = await printedInspectorUrl(ui);
    origin = await appOrigin(ui);
    browser = await launchChromium();
    inspector = await openInspector(browser, inspectorUrl);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await inspector?.close();
    await browser?.close();
    if (ui?.child.exitCode === null) ui.child.kill('SIGKILL');
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('shows a spin.toml edit on disk as a reload row saying what changed, followed, keyboard-reachable and left out of the HAR', async () => {
    const { page } = inspector;
    const list = page.getByRole('treegrid', { name: 'Traffic' });
    // More rows than the list shows, so the reload row is drawn only if follow mode scrolls to it.
    for (let index = 0; index < 40; index++) await fetch(`${origin}/request-${index}`);
    await page.getByRole('row', { name: /\/request-39\b/ }).waitFor();

    const manifest = join(project, 'spin.toml');
    const before = await readFile(manifest, 'utf8');
    await writeFile(manifest, before.replace('[component.backend]\n', '[component.backend]\nallowed_outbound_hosts = ["https://api.example.test"]\n'));
    const reloadRow = page.getByRole('row', { name: /RELOAD\s+spin\.toml: allowed_outbound_hosts of backend\s+OK\s+\d+ ms/ });
    await reloadRow.waitFor();
    expect(await reloadRow.getByRole('gridcell').nth(1).textContent()).toBe('backend');
    const listBox = (await list.boundingBox())!;
    const rowBox = (await reloadRow.boundingBox())!;
    expect(rowBox.y + rowBox.height).toBeLessThanOrEqual(listBox.y + listBox.height + 1);
    expect(await page.getByRole('button', { name: 'Follow' }).getAttribute('aria-pressed')).toBe('true');

    await list.focus();
    await page.keyboard.press('End');
    expect(await reloadRow.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    const details = page.getByRole('complementary', { name: 'Reload details' });
    const changed = details.getByRole('region', { name: 'What changed' });
    expect((await changed.textContent())?.replace(/\s+/g, ' ')).toContain('allowed_outbound_hosts of backend, in force from each one\'s next outbound request');
    expect(await details.textContent()).toContain(manifest);
    await screenshotBothThemes(page, 'reload-row');

    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Request details' }).getByRole('heading', { name: /GET\s+\/request-39$/ }).waitFor();
    await page.keyboard.press('Escape');

    const kinds = page.getByRole('group', { name: 'Kinds' });
    await kinds.getByRole('button', { name: /^reload$/ }).click();
    expect(await page.getByRole('status', { name: 'Row counts' }).textContent()).toMatch(/^\s*1 of 41 rows/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HAR' }).click()]);
    const har = JSON.parse(await readFile(await download.path(), 'utf8')) as { log: { entries: { request: { url: string } }[] } };
    expect(har.log.entries).toHaveLength(40);
    expect(har.log.entries.every((entry) => entry.request.url.startsWith(`${origin}/request-`))).toBe(true);
    expect(await page.getByRole('button', { name: 'Export filtered HAR' }).count()).toBe(1);
    await kinds.getByRole('button', { name: /^reload$/ }).click();
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('streams a failing build.command into the window, flags the failure and keeps the last good app serving', async () => {
    const { page } = inspector;
    await writeFile(join(project, 'src', 'index.js'), 'export const greeting = "hello" oops\n');
    await page.getByRole('row', { name: /BUILD\s+node -e/ }).click();
    const details = page.getByRole('complementary', { name: 'Build details' });
    const log = details.getByRole('log', { name: 'Build output' });
    const outcome = details.getByRole('status', { name: 'Build outcome' });
    await log.getByText(/^compiling module 59 of 119$/).waitFor();
    expect(await outcome.textContent()).toMatch(/^\s*building…/);
    await scrolledToNewestLine(log);
    await screenshotBothThemes(page, 'build-running');

    // Scrolling up stops the log following its output; new lines then leave the view alone.
    await log.evaluate((element) => element.scrollTo({ top: 0 }));
    const follow = details.getByRole('button', { name: '↓ Follow new output' });
    await follow.waitFor();
    await writeFile(join(project, 'gate'), '');
    await page.getByRole('row', { name: /BUILD\s+node -e.*FAILED/ }).waitFor();
    await log.getByText(/^src\/index\.js:1:7: error: expected a semicolon$/).waitFor();
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
    expect(await log.getByTitle('stderr').allTextContents()).toEqual(['src/index.js:1:7: error: expected a semicolon']);
    expect(await log.getByTitle('stdout').count()).toBe(120);
    await follow.click();
    await scrolledToNewestLine(log);
    expect((await outcome.textContent())?.replace(/\s+/g, ' ')).toMatch(/^ ?failed with exit code 1 · component frontend · took \d/);
    expect(await details.getByRole('region', { name: 'Build failure' }).textContent()).toContain('Build command for component frontend failed with exit code 1');

    const banner = page.getByRole('alert', { name: 'App problem' });
    await banner.getByText('The build failed; the last good version keeps serving.').waitFor();
    expect(await (await fetch(`${origin}/still-serving`)).text()).toBe('hello from /still-serving');

    await details.getByRole('button', { name: 'Close details (Esc)' }).click();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Components' }).click();
    await banner.getByRole('button', { name: 'Show build output' }).click();
    await log.getByText(/^src\/index\.js:1:7: error: expected a semicolon$/).waitFor();
    expect(await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).getAttribute('aria-pressed')).toBe('true');
    await scrolledToNewestLine(log);
    await screenshotBothThemes(page, 'build-failed');
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
