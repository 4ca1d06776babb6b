import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotBothThemes } from '../support/inspector-page.js';
import { startProbeInspector, type ProbeInspector } from '../support/probe-inspector.js';
import { writeProbeProject } from '../support/probe-project.js';

const TIMEOUT_MS = 60_000;

describe('what the inspector says when an edit or an Open is refused', () => {
  let probe: ProbeInspector;
  let work: string;

  beforeAll(async () => {
    probe = await startProbeInspector();
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-'));
  }, TIMEOUT_MS);

  afterAll(async () => {
    await probe?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('marks only the field whose entry was refused aria-invalid, described by Spin\'s message', async () => {
    const { page } = probe.inspector;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Components', exact: true }).click();
    const editor = page.getByRole('article', { name: 'Component frontend' }).getByRole('group', { name: 'allowed_outbound_hosts of frontend' });
    const newEntry = editor.getByRole('textbox', { name: 'New entry for frontend', exact: true });
    const entries = editor.getByRole('textbox', { name: /^Entry / });
    const invalid = () => editor.getByRole('textbox').evaluateAll((fields) => fields.map((field) => `${field.getAttribute('aria-label')}: ${field.getAttribute('aria-invalid')}`));
    const describedBy = async (field: typeof newEntry) => editor.locator(`[id="${await field.getAttribute('aria-describedby')}"]`).textContent();

    await newEntry.fill('http://example.com:99999');
    await editor.getByRole('button', { name: 'Add', exact: true }).click();
    await editor.getByRole('alert').waitFor();
    expect(await invalid()).toEqual(['Entry http://backend.spin.internal: false', 'Entry http://{{ upstream }}: false', 'New entry for frontend: true']);
    expect(await describedBy(newEntry)).toBe('Invalid allowed host port "99999": port "99999" is not a number');

    // An edit of an existing entry refused: that field is the invalid one now.
    await entries.first().fill('http://example.com:99999');
    await entries.first().press('Enter');
    await editor.getByRole('alert').filter({ hasText: 'Invalid allowed host port' }).waitFor();
    await expect.poll(invalid).toEqual(['Entry http://backend.spin.internal: true', 'Entry http://{{ upstream }}: false', 'New entry for frontend: false']);
    expect(await describedBy(entries.first())).toBe('Invalid allowed host port "99999": port "99999" is not a number');
    expect(probe.inspector.errors).toEqual([]);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic', exact: true }).click();
  }, TIMEOUT_MS);

  it('says which project failed to open, where, and to open it again, while the app that serves keeps serving', async () => {
    const { page } = probe.inspector;
    const project = await writeProbeProject('broken-app', work);
    const manifest = join(project, 'spin.toml');
    const good = await readFile(manifest, 'utf8');
    await writeFile(manifest, good.replace('[component.backend]', '[component.backend\n'));

    await page.getByLabel('Project path', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const banner = page.getByRole('alert', { name: 'App problem' });
    await banner.waitFor();
    expect(await banner.locator('strong').textContent()).toBe(`Could not open ${manifest}; probe-app keeps serving.`);
    expect(await banner.locator('.where').textContent()).toMatch(new RegExp(`^${manifest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
    const fix = await banner.locator('.fix').textContent();
    expect(fix).toContain('Fix the problem above, then open the project again.');
    expect(fix).not.toMatch(/then press Restart/);
    expect((await fetch(`${probe.origin}/still-serving`)).status).toBe(200);
    await screenshotBothThemes(page, 'failed-open-banner');
    // Its row in the list says the same.
    await page.getByRole('row', { name: /RELOAD/ }).filter({ hasText: 'broken-app' }).click();
    const detail = page.getByRole('complementary', { name: 'Reload details' });
    expect(await detail.getByRole('region', { name: 'Error' }).textContent()).toContain(`Opening ${manifest} failed: the app that was serving keeps serving. Fix the problem, then open the project again.`);
    await page.keyboard.press('Escape');

    await writeFile(manifest, good);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByText('broken-app', { exact: true }).count()).toBe(1);
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
