import { cp, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { OutboundDeniedEvent } from '../../runtime/api/events.js';
import { WebSocketApi, type BridgeSocket } from '../../runtime/bridge-client/websocket-api.js';
import { bridgeSocket } from '../support/bridge-socket-url.js';
import { EXAMPLE, openExampleInspector, type ExampleInspector } from '../support/example-inspector.js';
import { screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
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

/** Learn mode's view of one component, by accessible names. Exact names: Playwright matches a string name as a case-insensitive substring. */
function proposalOf(page: Page, component: string) {
  const article = page.getByRole('article', { name: `Proposed hosts for ${component}`, exact: true });
  const line = (name: string) => article.getByRole('checkbox', { name, exact: true });
  return {
    article,
    line,
    /** What the line says of itself: its checkbox's description. */
    note: async (name: string) => {
      const id = await line(name).getAttribute('aria-describedby');
      return article.locator(`[id="${id}"]`).textContent();
    },
    /** The lines of the spin.toml diff on screen, as a unified diff writes them. */
    diff: async () => (await article.getByRole('figure', { name: 'Changes to spin.toml' }).locator('pre').allTextContents()).flatMap((hunk) => hunk.split('\n').filter(Boolean)),
    button: (name: string) => article.getByRole('button', { name, exact: true }),
  };
}

const changedLines = (diff: readonly string[]) => diff.filter((text) => !text.startsWith(' '));

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

  const frontend = () => proposalOf(probe.inspector.page, 'frontend');
  const isFocused = (name: string) => frontend().line(name).evaluate((element) => element === element.ownerDocument.activeElement);

  it('offers a denied host unticked and marked, keeps the used entries, and applies only what is ticked, for the session only', async () => {
    const { page } = probe.inspector;
    const { line, note } = frontend();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Learn', exact: true }).click();
    await page.getByText(/^No component has made an outbound request yet\./).waitFor();

    expect((await probe.callOut(`http://${probe.upstreamHost}/learned`)).status).toBe(200);
    await line('Keep http://{{ upstream }}').waitFor();
    expect(await line('Keep http://{{ upstream }}').isChecked()).toBe(true);
    expect(await note('Keep http://{{ upstream }}')).toBe('used this session');
    const upstreamLine = frontend().article.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'Keep http://{{ upstream }}', exact: true }) });
    expect(await upstreamLine.textContent()).toContain(`resolves to http://${probe.upstreamHost}`);
    expect(await line('Keep http://backend.spin.internal').isChecked()).toBe(false);
    expect(await note('Keep http://backend.spin.internal')).toBe('not used this session');
    await line('Keep http://backend.spin.internal').check();

    expect((await probe.callOut(`${extra.origin}/denied`)).status).toBe(500);
    await line(`Add ${extra.origin}`).waitFor();
    expect(await line(`Add ${extra.origin}`).isChecked()).toBe(false);
    expect(await note(`Add ${extra.origin}`)).toBe('denied this session');
    expect(await line('Keep http://backend.spin.internal').isChecked()).toBe(true);
    expect(await note('Keep http://backend.spin.internal')).toBe('not used this session; kept by you');
    expect(await isFocused('Keep http://backend.spin.internal')).toBe(true);
    // Read like a diff of spin.toml: the current entries in their order, then the new one.
    expect(await frontend().article.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label')))).toEqual([
      'Keep http://backend.spin.internal',
      'Keep http://{{ upstream }}',
      `Add ${extra.origin}`,
    ]);
    // As proposed, with the developer's one tick, the list is what it was: nothing to apply.
    expect(await frontend().button('Apply for this session').isDisabled()).toBe(true);
    await screenshotBothThemes(page, 'learn-panel');

    await line(`Add ${extra.origin}`).check();
    expect(await note(`Add ${extra.origin}`)).toBe('denied this session; added by you');
    await frontend().button('Apply for this session').click();
    await frontend().article.getByRole('status').filter({ hasText: /^Applied for this session\.$/ }).waitFor();
    expect(await readFile(probe.manifest, 'utf8')).toBe(manifestAtStart);
    expect(await (await probe.callOut(`${extra.origin}/after-apply`)).text()).toBe('upstream said 200: extra host saw /after-apply');
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('shows the spin.toml diff before saving and saves exactly the ticked list once confirmed', async () => {
    const { line, diff, button } = frontend();
    await line('Keep http://backend.spin.internal').uncheck();
    await button('Review save to spin.toml…').click();
    const saving = `allowed_outbound_hosts = ["http://{{ upstream }}", "${extra.origin}"]`;
    await frontend().article.getByRole('figure', { name: 'Changes to spin.toml' }).waitFor();
    expect(changedLines(await diff())).toEqual([`- ${PROBE_HOSTS}`, `+ ${saving}`]);
    expect(await readFile(probe.manifest, 'utf8')).toBe(manifestAtStart);
    await screenshotBothThemes(probe.inspector.page, 'learn-save-review');

    // A tick changed after the review makes it stale: it cannot be confirmed until reviewed again.
    await line('Keep http://backend.spin.internal').check();
    await frontend().article.getByText(/^Your choices changed since this review/).waitFor();
    expect(await button('Apply and save to spin.toml').isDisabled()).toBe(true);
    await line('Keep http://backend.spin.internal').uncheck();

    await button('Apply and save to spin.toml').click();
    await frontend().article.getByRole('status').filter({ hasText: /^Saved to spin\.toml\.$/ }).waitFor();
    expect(manifestAtStart.split(PROBE_HOSTS)).toHaveLength(2);
    expect(await readFile(probe.manifest, 'utf8')).toBe(manifestAtStart.replace(PROBE_HOSTS, saving));
    expect(await frontend().article.getByRole('figure', { name: 'Changes to spin.toml' }).count()).toBe(0);
    expect(await (await probe.callOut(`${extra.origin}/after-save`)).text()).toBe('upstream said 200: extra host saw /after-save');
    expect((await probe.callOut('http://backend.spin.internal/')).status).toBe(500);
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});

// The bundled example, copied so saving does not touch the repository: its frontend calls a host its list leaves out on
// purpose, and its backend lists `https://` and `http://{{ api_host }}`, one picked by `api_scheme`.
describe('learn mode on the bundled example', () => {
  let example: ExampleInspector | undefined;
  let manifest: string;
  let inspector: InspectorPage;
  let api: WebSocketApi;
  /** The example's denial, as recorded: the component and the entry Spin suggests. */
  let denied: { component: string; entry: string };

  beforeAll(async () => {
    // A copy: saving writes its spin.toml.
    example = await openExampleInspector(async (work) => {
      const project = join(work, 'hello-spinscope');
      await cp(EXAMPLE, project, { recursive: true, dereference: true });
      manifest = join(project, 'spin.toml');
      return project;
    });
    inspector = example.inspector;
    const { url: socketUrl, origin: socketOrigin } = bridgeSocket(example.url);
    api = new WebSocketApi(socketUrl, { createSocket: (address) => new WebSocket(address, { headers: { origin: socketOrigin } }) as unknown as BridgeSocket });
    expect((await fetch(`${example.origin}/`)).status).toBe(200);
    const denials = (await api.events({ kinds: ['outbound.denied'] })).events as OutboundDeniedEvent[];
    const first = denials.find((event) => event.explanation.suggestion !== undefined);
    if (first?.explanation.suggestion === undefined) throw new Error(`the example's first request made no denial with a suggestion: ${JSON.stringify(denials)}`);
    denied = { component: first.component, entry: first.explanation.suggestion };
    await inspector.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Learn', exact: true }).click();
  }, TIMEOUT_MS);

  afterAll(async () => {
    api?.close();
    await example?.close();
  });

  const proposal = (component: string) => proposalOf(inspector.page, component);
  const checked = (box: Locator) => box.isChecked();

  it('offers the host the example denies unticked and marked, and keeps both {{ api_host }} entries though one scheme was used', async () => {
    const { line, note, button } = proposal(denied.component);
    await line(`Add ${denied.entry}`).waitFor();
    expect(await checked(line(`Add ${denied.entry}`))).toBe(false);
    expect(await note(`Add ${denied.entry}`)).toBe('denied this session');

    const backend = proposal('backend');
    expect(await checked(backend.line('Keep http://{{ api_host }}'))).toBe(true);
    expect(await backend.note('Keep http://{{ api_host }}')).toBe('used this session');
    expect(await checked(backend.line('Keep https://{{ api_host }}'))).toBe(true);
    expect(await backend.note('Keep https://{{ api_host }}')).toBe('used this session with another scheme, which a variable may choose');

    // Nothing ticked adds the denied host, so there is nothing to save for its component.
    if (await button('Review save to spin.toml…').isEnabled()) {
      await button('Review save to spin.toml…').click();
      expect((await proposal(denied.component).diff()).join('\n')).not.toContain(denied.entry);
      await button('Cancel').click();
    }
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('saves the denied host only once ticked, after showing the one line that changes', async () => {
    const { line, diff, button, article } = proposal(denied.component);
    const before = await readFile(manifest, 'utf8');
    await line(`Add ${denied.entry}`).check();
    await button('Review save to spin.toml…').click();
    await article.getByRole('figure', { name: 'Changes to spin.toml' }).waitFor();
    const [removed, added, ...rest] = changedLines(await diff());
    expect(rest).toEqual([]);
    expect(removed).toMatch(/^- allowed_outbound_hosts = \[/);
    expect(added).toBe(`+ ${removed?.slice(2).replace(/\]$/, `, "${denied.entry}"]`)}`);
    expect(await readFile(manifest, 'utf8')).toBe(before);

    await button('Apply and save to spin.toml').click();
    await article.getByRole('status').filter({ hasText: /^Saved to spin\.toml\.$/ }).waitFor();
    expect(await readFile(manifest, 'utf8')).toBe(before.replace(removed?.slice(2) ?? '', added?.slice(2) ?? ''));
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
