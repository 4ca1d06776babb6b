import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotBothThemes } from '../support/inspector-page.js';
import { startLoopbackServer, startProbeInspector, type ProbeInspector } from '../support/probe-inspector.js';

const TIMEOUT_MS = 60_000;
const PROBE_HOSTS = 'allowed_outbound_hosts = ["http://backend.spin.internal", "http://{{ upstream }}"]';

/** A loopback server whose port is not next to `port`: learn mode would merge the two into one range entry. */
async function startApartFrom(port: number): Promise<{ server: Server; origin: string }> {
  for (;;) {
    const started = await startLoopbackServer((path) => `extra host saw ${path}`);
    if (Math.abs(Number(new URL(started.origin).port) - port) > 1) return started;
    started.server.close();
  }
}

describe('learn mode in the inspector', () => {
  let probe: ProbeInspector;
  let extra: { server: Server; origin: string };
  let manifestAtStart: string;

  beforeAll(async () => {
    probe = await startProbeInspector();
    extra = await startApartFrom(Number(probe.upstreamHost.split(':')[1]));
    manifestAtStart = await readFile(probe.manifest, 'utf8');
  }, TIMEOUT_MS);

  afterAll(async () => {
    extra?.server.close();
    await probe?.close();
  });

  // Exact names throughout: Playwright matches a string name as a case-insensitive substring.
  const frontend = () => probe.inspector.page.getByRole('article', { name: 'Proposed hosts for frontend', exact: true });
  const line = (name: string) => frontend().getByRole('checkbox', { name, exact: true });
  const isFocused = (name: string) => line(name).evaluate((element) => element === element.ownerDocument.activeElement);

  it('updates the proposal as the app calls out, keeping the choices and focus, and applies it for the session only', async () => {
    const { page } = probe.inspector;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Learn', exact: true }).click();
    await page.getByText(/^No component has made an outbound request yet\./).waitFor();

    expect((await probe.callOut(`http://${probe.upstreamHost}/learned`)).status).toBe(200);
    await line('Keep http://{{ upstream }}').waitFor();
    expect(await line('Keep http://{{ upstream }}').isChecked()).toBe(true);
    const upstreamLine = frontend().getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'Keep http://{{ upstream }}', exact: true }) });
    expect(await upstreamLine.textContent()).toContain(`resolves to http://${probe.upstreamHost}`);
    expect(await line('Keep http://backend.spin.internal').isChecked()).toBe(false);
    await line('Keep http://backend.spin.internal').check();

    expect((await probe.callOut(`${extra.origin}/denied`)).status).toBe(500);
    await line(`Add ${extra.origin}`).waitFor();
    expect(await line(`Add ${extra.origin}`).isChecked()).toBe(true);
    expect(await line('Keep http://backend.spin.internal').isChecked()).toBe(true);
    expect(await isFocused('Keep http://backend.spin.internal')).toBe(true);
    // Read like a diff of spin.toml: the current entries in their order, then the new one.
    expect(await frontend().getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label')))).toEqual([
      'Keep http://backend.spin.internal',
      'Keep http://{{ upstream }}',
      `Add ${extra.origin}`,
    ]);
    await screenshotBothThemes(page, 'learn-panel');

    await frontend().getByRole('button', { name: 'Apply for this session', exact: true }).click();
    await frontend().getByRole('status').filter({ hasText: /^Applied for this session\.$/ }).waitFor();
    expect(await readFile(probe.manifest, 'utf8')).toBe(manifestAtStart);
    expect(await (await probe.callOut(`${extra.origin}/after-apply`)).text()).toBe('upstream said 200: extra host saw /after-apply');
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('saves the chosen list into spin.toml, changing nothing else, and the next request is allowed', async () => {
    await line('Keep http://backend.spin.internal').uncheck();
    await frontend().getByRole('button', { name: 'Apply and save to spin.toml', exact: true }).click();
    await frontend().getByRole('status').filter({ hasText: /^Saved to spin\.toml\.$/ }).waitFor();

    expect(manifestAtStart.split(PROBE_HOSTS)).toHaveLength(2);
    expect(await readFile(probe.manifest, 'utf8')).toBe(manifestAtStart.replace(PROBE_HOSTS, `allowed_outbound_hosts = ["http://{{ upstream }}", "${extra.origin}"]`));
    expect(await (await probe.callOut(`${extra.origin}/after-save`)).text()).toBe('upstream said 200: extra host saw /after-save');
    expect((await probe.callOut('http://backend.spin.internal/')).status).toBe(500);
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
