import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, startProbeInspector, type ProbeInspector } from '../support/probe-inspector.js';
import { lowContrastTexts } from '../support/text-contrast.js';

const TIMEOUT_MS = 60_000;

describe('policy what-if and audit in the components panel', () => {
  let probe: ProbeInspector;
  let extra: { server: Server; origin: string };

  beforeAll(async () => {
    [probe, extra] = await Promise.all([startProbeInspector(), startLoopbackServer((path) => `extra host saw ${path}`)]);
  }, TIMEOUT_MS);

  afterAll(async () => {
    extra?.server.close();
    await probe?.close();
  });

  const card = () => probe.inspector.page.getByRole('article', { name: 'Component frontend', exact: true });
  // Exact names: Playwright matches a string name as a case-insensitive substring.
  const button = (name: string) => card().getByRole('button', { name, exact: true });
  const draft = () => card().getByRole('textbox', { name: 'Proposed allowed_outbound_hosts of frontend, one entry per line', exact: true });
  const changes = () => card().getByRole('list', { name: 'Decisions that would change for frontend', exact: true }).getByRole('listitem');
  const enforced = () =>
    card()
      .getByRole('group', { name: 'allowed_outbound_hosts of frontend', exact: true })
      .getByRole('textbox', { name: /^Entry / })
      .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));

  it('shows, as the list is edited and before it is applied, which recorded calls would change', async () => {
    const { page } = probe.inspector;
    expect((await probe.callOut(`http://${probe.upstreamHost}/first`)).status).toBe(200);
    expect((await probe.callOut(`${extra.origin}/denied`)).status).toBe(500);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Components', exact: true }).click();
    await button('What if…').click();
    expect(await draft().inputValue()).toBe('http://backend.spin.internal\nhttp://{{ upstream }}');
    await card().getByRole('status').filter({ hasText: 'No recorded call would change (2 checked).' }).waitFor();

    await draft().fill('http://backend.spin.internal');
    await changes().first().waitFor();
    expect(await changes().allTextContents()).toEqual([expect.stringMatching(new RegExp(`^allowed → denied\\s*GET http://${probe.upstreamHost}/first\\s*was allowed by http://\\{\\{ upstream \\}\\}\\s*Show$`))]);

    await draft().fill(`http://backend.spin.internal\nhttp://{{ upstream }}\n${extra.origin}`);
    await changes().filter({ hasText: 'denied → allowed' }).waitFor();
    expect(await changes().allTextContents()).toEqual([expect.stringMatching(new RegExp(`^denied → allowed\\s*GET ${extra.origin}/denied\\s*would be allowed by ${extra.origin}\\s*Show$`))]);
    // Both kinds of change on screen at once, readable in both themes (WCAG 1.4.3).
    await draft().fill(`http://backend.spin.internal\n${extra.origin}`);
    await changes().nth(1).waitFor();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await lowContrastTexts(page)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // Nothing was applied: the enforced list is the one spin.toml has.
    expect(await enforced()).toEqual(['http://backend.spin.internal', 'http://{{ upstream }}']);
    expect((await probe.callOut(`${extra.origin}/still-denied`)).status).toBe(500);
    await button('Close what-if').click();
  });

  it('opens a changed call in the traffic list', async () => {
    const { page } = probe.inspector;
    await button('What if…').click();
    await draft().fill('http://backend.spin.internal');
    await button(`Show GET http://${probe.upstreamHost}/first in the traffic list`).click();
    const details = page.getByRole('complementary', { name: 'Request details', exact: true });
    await details.getByText(`http://${probe.upstreamHost}/first`, { exact: true }).waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Components', exact: true }).click();
    // The what-if stays open across views, its draft as typed.
    expect(await draft().inputValue()).toBe('http://backend.spin.internal');
    await button('Close what-if').click();
  });

  it("marks unused and too-broad entries, and 'Narrow to this' fills the narrowest list, which keeps the calls allowed once applied and saved", async () => {
    const manifestBefore = await readFile(probe.manifest, 'utf8');
    await button('What if…').click();
    await draft().fill('http://backend.spin.internal\n*://127.0.0.1:*');
    await button('Apply for this session').click();
    await card().getByRole('status').filter({ hasText: 'Applied for this session.' }).waitFor();
    expect(await enforced()).toEqual(['http://backend.spin.internal', '*://127.0.0.1:*']);
    expect((await probe.callOut(`http://${probe.upstreamHost}/second`)).status).toBe(200);

    const audit = card().getByRole('list', { name: 'Audit of the allowed_outbound_hosts of frontend', exact: true });
    const verdictOf = (entry: string) => audit.getByRole('listitem').filter({ hasText: entry });
    await verdictOf('*://127.0.0.1:*').filter({ hasText: 'too broad: any scheme (*://), every port (:*)' }).waitFor();
    expect(await verdictOf('http://backend.spin.internal').textContent()).toContain('unused: allowed no call');
    await card().getByText(/^Narrowest list that still allows every call:/).filter({ hasText: probe.upstreamHost }).waitFor();

    await button('Narrow to this').click();
    const narrowed = [`http://${probe.upstreamHost}`, extra.origin].sort();
    expect((await draft().inputValue()).split('\n').sort()).toEqual(narrowed);
    // Against the calls as recorded, the narrowed list denies none that was allowed.
    await changes().first().waitFor();
    expect(await changes().allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^denied → allowed/)]));
    expect((await changes().allTextContents()).filter((text) => text.startsWith('allowed → denied'))).toEqual([]);

    await button('Review save to spin.toml…').click();
    const review = card().getByRole('region', { name: 'Save to spin.toml for frontend', exact: true });
    await review.getByRole('figure', { name: 'Changes to spin.toml' }).waitFor();
    await review.getByRole('button', { name: 'Apply and save to spin.toml', exact: true }).click();
    await card().getByRole('status').filter({ hasText: 'Saved to spin.toml.' }).waitFor();
    const saved = await readFile(probe.manifest, 'utf8');
    expect(saved).not.toBe(manifestBefore);
    for (const entry of narrowed) expect(saved).toContain(JSON.stringify(entry));
    expect(saved).not.toContain('*://127.0.0.1:*');

    expect((await probe.callOut(`http://${probe.upstreamHost}/third`)).status).toBe(200);
    expect((await probe.callOut(`${extra.origin}/now-allowed`)).status).toBe(200);
    await card().getByText('The list is already the narrowest for these calls.', { exact: true }).waitFor();
  });
});
