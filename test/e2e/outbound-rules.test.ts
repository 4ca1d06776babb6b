import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotBothThemes } from '../support/inspector-page.js';
import { startLoopbackServer } from '../support/probe-inspector.js';
import { writeProbeProject } from '../support/probe-project.js';
import { openUiInspector, type UiInspector } from '../support/ui-inspector.js';

const TIMEOUT_MS = 90_000;

/** A 127.0.0.1 upstream answering `upstream saw <path>` and counting the requests that reached it. */
async function startCountingUpstream(): Promise<{ server: Server; host: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.setHeader('content-type', 'text/plain');
    response.end(`upstream saw ${request.url ?? ''}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('outbound rules in the inspector', () => {
  let work: string;
  let project: string;
  let upstream: Awaited<ReturnType<typeof startCountingUpstream>>;
  let denied: { server: Server; origin: string };
  let opened: UiInspector;
  let page: Page;
  let itemsUrl: string;
  /** Makes the probe's frontend fetch `url`; the app answers with what the guest got: `upstream said <status>: <body>`. */
  const callOut = async (url: string) => (await fetch(`${opened.origin}/fetch?url=${encodeURIComponent(url)}`)).text();
  const views = () => page.getByRole('navigation', { name: 'Views' });
  const rulesList = () => page.getByRole('list', { name: 'Rules, in the order they are tried' });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
    [upstream, denied] = await Promise.all([startCountingUpstream(), startLoopbackServer((path) => `denied host saw ${path}`)]);
    itemsUrl = `http://${upstream.host}/items`;
    project = await writeProbeProject('probe-app', work);
    opened = await openUiInspector(work, [project, '--variable', `upstream=${upstream.host}`]);
    page = opened.inspector.page;
  }, TIMEOUT_MS);

  afterAll(async () => {
    await opened?.close();
    upstream?.server.close();
    denied?.server.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('creates a stub rule from a recorded call in one click; the next call is answered by it, never reaching the upstream', async () => {
    expect(await callOut(itemsUrl)).toBe('upstream said 200: upstream saw /items');
    expect(upstream.hits).toEqual(['/items']);

    await page.getByRole('row', { name: new RegExp(`GET ${escape(itemsUrl)} 200`) }).click();
    const details = page.getByRole('complementary', { name: 'Request details' });
    await details.getByRole('button', { name: 'Create rule from this call', exact: true }).click();
    const form = details.getByRole('form', { name: 'Rule from this call' });
    // Filled in from the call: its component, method and URL, and a stub of what the upstream answered.
    expect(await form.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(`GET ${itemsUrl}`);
    expect(await form.getByRole('combobox', { name: 'Component', exact: true }).inputValue()).toBe('frontend');
    expect(await form.getByRole('combobox', { name: 'Method', exact: true }).inputValue()).toBe('GET');
    expect(await form.getByRole('textbox', { name: 'URL pattern' }).inputValue()).toBe(itemsUrl);
    expect(await form.getByRole('combobox', { name: 'Action', exact: true }).inputValue()).toBe('stub');
    expect(await form.getByRole('textbox', { name: 'Status', exact: true }).inputValue()).toBe('200');
    expect(await form.getByRole('textbox', { name: /^Headers/ }).inputValue()).toContain('content-type: text/plain');
    const body = form.getByRole('textbox', { name: 'Body', exact: true });
    expect(await body.inputValue()).toBe('upstream saw /items');
    await body.fill('stubbed items');
    await screenshotBothThemes(page, 'rule-from-call');
    await form.getByRole('button', { name: 'Save rule', exact: true }).click();
    await details.getByRole('status').filter({ hasText: `Rule “GET ${itemsUrl}” saved` }).waitFor();
    expect(await readFile(join(project, '.spinscope', 'rules.toml'), 'utf8')).toContain('stubbed items');

    expect(await callOut(itemsUrl)).toBe('upstream said 200: stubbed items');
    expect(upstream.hits).toEqual(['/items']);
    const stubbed = page.getByRole('row', { name: new RegExp(`GET ${escape(itemsUrl)} stub · rule GET ${escape(itemsUrl)} 200`) });
    await stubbed.waitFor();
    await stubbed.click();
    await details.getByText('The rule answered this call with its stub, without touching the upstream.').waitFor();
    await screenshotBothThemes(page, 'rule-acted');

    const filter = page.getByRole('combobox', { name: 'Filter traffic', exact: true });
    await filter.fill('rule:any');
    await expect.poll(() => page.getByRole('row', { name: /GET http/ }).count()).toBe(1);
    await filter.fill('');
    expect(opened.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('offers no rule for a denied call, and says why', async () => {
    expect(await callOut(`${denied.origin}/nope`)).not.toContain('denied host saw');
    await page.getByRole('row', { name: new RegExp(`${escape(denied.origin)}/nope.*DENIED`) }).click();
    const details = page.getByRole('complementary', { name: 'Request details' });
    await details.getByText(/^No rule can act on a denied call/).waitFor();
    expect(await details.getByRole('button', { name: 'Create rule from this call' }).count()).toBe(0);
  }, TIMEOUT_MS);

  it('switching the rule off lets the call through again, and on again stubs it', async () => {
    await views().getByRole('button', { name: 'Rules', exact: true }).click();
    const enabled = rulesList().getByRole('switch', { name: `Enable GET ${itemsUrl}`, exact: true });
    expect(await enabled.isChecked()).toBe(true);
    await enabled.uncheck();
    await rulesList().getByText('· off').waitFor();
    expect(await callOut(itemsUrl)).toBe('upstream said 200: upstream saw /items');
    expect(upstream.hits).toEqual(['/items', '/items']);
    await enabled.check();
    await rulesList().getByText('· off').waitFor({ state: 'detached' });
    expect(await callOut(itemsUrl)).toBe('upstream said 200: stubbed items');
    expect(upstream.hits).toHaveLength(2);
  }, TIMEOUT_MS);

  it('a new rule goes last; moving it up with the keyboard makes it the one that acts', async () => {
    await page.getByRole('button', { name: 'New rule', exact: true }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('teapot');
    await form.getByRole('textbox', { name: 'URL pattern' }).fill(itemsUrl);
    await form.getByRole('textbox', { name: 'Status', exact: true }).fill('418');
    await form.getByRole('textbox', { name: 'Body', exact: true }).fill('short and stout');
    await form.getByRole('button', { name: 'Save rule', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    const newRule = page.getByRole('button', { name: 'New rule', exact: true });
    await expect.poll(() => newRule.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    const names = () => rulesList().getByRole('listitem').evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')));
    expect(await names()).toEqual([`Rule GET ${itemsUrl}`, 'Rule teapot']);
    expect(await callOut(itemsUrl)).toBe('upstream said 200: stubbed items');

    const up = rulesList().getByRole('button', { name: 'Move teapot up', exact: true });
    await up.focus();
    await page.keyboard.press('Enter');
    await expect.poll(names).toEqual(['Rule teapot', `Rule GET ${itemsUrl}`]);
    // At the top it cannot go further up: the keyboard stays on the rule, on its other move button.
    const down = rulesList().getByRole('button', { name: 'Move teapot down', exact: true });
    await expect.poll(() => down.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await callOut(itemsUrl)).toBe('upstream said 418: short and stout');
    expect(upstream.hits).toHaveLength(2);
    await screenshotBothThemes(page, 'rules-view');
  }, TIMEOUT_MS);

  it('shows the runtime’s refusal in the form, the refused field invalid, and changes nothing; a delete can be undone', async () => {
    await rulesList().getByRole('button', { name: 'Edit teapot', exact: true }).click();
    const form = page.getByRole('form', { name: 'Edit rule teapot' });
    const name = form.getByRole('textbox', { name: 'Name', exact: true });
    await name.fill(`GET ${itemsUrl}`);
    await form.getByRole('button', { name: 'Save rule', exact: true }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
    await form.getByRole('button', { name: 'Cancel', exact: true }).click();
    const edit = rulesList().getByRole('button', { name: 'Edit teapot', exact: true });
    await expect.poll(() => edit.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await callOut(itemsUrl)).toBe('upstream said 418: short and stout');

    await rulesList().getByRole('button', { name: 'Delete teapot', exact: true }).click();
    await rulesList().getByRole('listitem', { name: 'Rule teapot' }).waitFor({ state: 'detached' });
    expect(await callOut(itemsUrl)).toBe('upstream said 200: stubbed items');
    // A delete can be undone: the rule comes back where it stood, and acts first again.
    await page.getByRole('status').filter({ hasText: 'Deleted rule “teapot”.' }).getByRole('button', { name: 'Undo delete', exact: true }).click();
    await rulesList().getByRole('listitem', { name: 'Rule teapot' }).waitFor();
    expect(await callOut(itemsUrl)).toBe('upstream said 418: short and stout');
    await rulesList().getByRole('button', { name: 'Delete teapot', exact: true }).click();
    await rulesList().getByRole('listitem', { name: 'Rule teapot' }).waitFor({ state: 'detached' });
    expect(await callOut(itemsUrl)).toBe('upstream said 200: stubbed items');
    expect(opened.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('the record switch saves a real response as a stub rule, which answers once the upstream is no longer needed', async () => {
    const record = page.getByRole('switch', { name: 'Record upstream responses as stub rules', exact: true });
    const describedBy = await record.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('saved as a stub rule');
    await record.check();
    expect(await callOut(`http://${upstream.host}/recorded`)).toBe('upstream said 200: upstream saw /recorded');
    const recorded = rulesList().getByRole('listitem', { name: new RegExp(`^Rule recorded GET .*/recorded$`) });
    await recorded.waitFor();
    expect(await recorded.textContent()).toContain('stub 200');
    await record.uncheck();
    await expect.poll(() => record.isChecked()).toBe(false);
    const hits = upstream.hits.length;
    expect(await callOut(`http://${upstream.host}/recorded`)).toBe('upstream said 200: upstream saw /recorded');
    expect(upstream.hits).toHaveLength(hits);
    expect(opened.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('shows where the rules file is broken, with its file and line, keeping the rules in force', async () => {
    const file = join(project, '.spinscope', 'rules.toml');
    const good = await readFile(file, 'utf8');
    await writeFile(file, `${good}\n[[rule]]\nname = "broken"\nurl = "http://a.test"\naction = "teleport"\n`);
    const problem = page.getByRole('alert', { name: 'Rules file problem' });
    // The view reads the rules when it opens (and when the window regains focus).
    const problemsOnReopen = async () => {
      await views().getByRole('button', { name: 'Traffic', exact: true }).click();
      await views().getByRole('button', { name: 'Rules', exact: true }).click();
      await page.getByRole('button', { name: 'New rule', exact: true }).waitFor();
      return problem.count();
    };
    await expect.poll(problemsOnReopen).toBe(1);
    expect(await problem.textContent()).toMatch(/rules\.toml:\d+/);
    expect(await problem.textContent()).toContain('teleport');
    expect(await callOut(itemsUrl)).toBe('upstream said 200: stubbed items');
    await writeFile(file, good);
    await expect.poll(problemsOnReopen).toBe(0);
    expect(opened.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
