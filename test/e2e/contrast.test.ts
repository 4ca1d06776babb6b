import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, openExampleInspector, type ExampleInspector } from '../support/example-inspector.js';
import type { InspectorPage } from '../support/inspector-page.js';
import { lowContrastTexts, type ContrastOffender } from '../support/text-contrast.js';

const TIMEOUT_MS = 90_000;

/** The offenders on `page` in each theme, by theme. */
async function inBothThemes(page: Page): Promise<Record<'light' | 'dark', ContrastOffender[]>> {
  const found = { light: [] as ContrastOffender[], dark: [] as ContrastOffender[] };
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    found[colorScheme] = await lowContrastTexts(page);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

// The bundled example (a copy, with a state dir of the test's own) gives every view something to show.
describe('text contrast in the inspector, light and dark (WCAG 1.4.3: 4.5:1, large text 3:1)', () => {
  let example: ExampleInspector | undefined;
  let inspector: InspectorPage;
  const views = () => inspector.page.getByRole('navigation', { name: 'Views' });

  beforeAll(async () => {
    // A copy: a rule made from a call writes .spinscope/rules.toml beside its spin.toml.
    example = await openExampleInspector(async (work) => {
      const project = join(work, 'hello-spinscope');
      await cp(EXAMPLE, project, { recursive: true, dereference: true });
      return project;
    });
    inspector = example.inspector;
    expect((await fetch(`${example.origin}/`)).status).toBe(200);
    // The denied row comes last in the trace: once it shows, every row does.
    await inspector.page.getByRole('row', { name: /DENIED/ }).first().waitFor();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await example?.close();
  });

  it('the traffic list with its rows, and a denial selected with its explanation', async () => {
    const { page } = inspector;
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
    await page.getByRole('row', { name: /DENIED/ }).first().click();
    await page.getByRole('region', { name: 'Why this request was denied' }).waitFor();
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
  }, TIMEOUT_MS);

  it("a request's detail with its waterfall, and a key-value call's", async () => {
    const { page } = inspector;
    await page.getByRole('row', { name: /^\S+ frontend GET \/ 200/ }).click();
    await page.getByRole('complementary', { name: 'Request details' }).getByRole('list', { name: 'Trace waterfall' }).waitFor();
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
    await page.getByRole('row', { name: /KV default get/ }).first().click();
    await page.getByRole('complementary').filter({ hasText: 'visits' }).first().waitFor();
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
    await page.keyboard.press('Escape');
  }, TIMEOUT_MS);

  it('the components panel', async () => {
    await views().getByRole('button', { name: 'Components', exact: true }).click();
    await inspector.page.getByRole('article', { name: 'Component backend' }).waitFor();
    expect(await inBothThemes(inspector.page)).toEqual({ light: [], dark: [] });
  }, TIMEOUT_MS);

  it("the learn panel, with a save's spin.toml diff on screen", async () => {
    const { page } = inspector;
    await views().getByRole('button', { name: 'Learn', exact: true }).click();
    const frontend = page.getByRole('article', { name: 'Proposed hosts for frontend', exact: true });
    await frontend.getByRole('checkbox').first().waitFor();
    // Tick the denied host so the review has an added line (reviewing writes nothing).
    const offered = frontend.getByRole('checkbox', { name: /^Add / }).first();
    await offered.check();
    await frontend.getByRole('button', { name: 'Review save to spin.toml…', exact: true }).click();
    await frontend.getByRole('figure', { name: 'Changes to spin.toml' }).waitFor();
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
    await frontend.getByRole('button', { name: 'Cancel', exact: true }).click();
    await offered.uncheck();
  }, TIMEOUT_MS);

  it('the key-value browser with a value open', async () => {
    const { page } = inspector;
    await views().getByRole('button', { name: 'Key-value', exact: true }).click();
    await page.getByRole('listbox', { name: 'Key-value stores' }).getByRole('option', { name: /^default / }).click();
    await page.getByRole('listbox', { name: 'Keys of default' }).getByRole('option', { name: 'visits', exact: true }).click();
    await page.getByRole('region', { name: 'Value' }).getByRole('button', { name: 'Edit', exact: true }).waitFor();
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('a rule made from a call: the form in its details, the stubbed row, and the rules view', async () => {
    const { page } = inspector;
    await views().getByRole('button', { name: 'Traffic', exact: true }).click();
    const apiCall = page.getByRole('row', { name: new RegExp(`GET http://${example!.apiHost.replaceAll('.', '\\.')}/`) });
    await apiCall.first().click();
    const details = page.getByRole('complementary', { name: 'Request details' });
    await details.getByRole('button', { name: 'Create rule from this call', exact: true }).click();
    await details.getByRole('form', { name: 'Rule from this call' }).waitFor();
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
    await details.getByRole('button', { name: 'Save rule', exact: true }).click();
    await details.getByRole('status').filter({ hasText: /saved/ }).waitFor();
    expect((await fetch(`${example!.origin}/`)).status).toBe(200);
    await page.getByRole('row', { name: /stub · rule / }).first().waitFor();
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
    await views().getByRole('button', { name: 'Rules', exact: true }).click();
    const list = page.getByRole('list', { name: 'Rules, in the order they are tried' });
    await list.getByRole('button', { name: /^Edit / }).click();
    await page.getByRole('form', { name: /^Edit rule / }).waitFor();
    expect(await inBothThemes(page)).toEqual({ light: [], dark: [] });
    await list.getByRole('button', { name: /^Delete / }).click();
    await list.waitFor({ state: 'detached' });
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
