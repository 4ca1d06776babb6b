import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { BRIDGE_PATH, decodeMessage, encodeMessage, type ServerMessage } from '../../runtime/api/bridge-protocol.js';
import type { EventPage } from '../../runtime/api/contract.js';
import { launchChromium } from '../support/chromium.js';
import { openInspector, screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
import { startLoopbackServer } from '../support/probe-inspector.js';
import { writeProbeProject } from '../support/probe-project.js';
import { appOrigin, inspectorUrl, interrupt, spawnUi, type UiProcess } from '../support/spinscope-ui.js';

const TIMEOUT_MS = 60_000;
// A page refused by the bridge logs the refusal; that is the behaviour under test here.
const REFUSALS = /WebSocket|ERR_CONNECTION_REFUSED|status of 401/;

/** The events the bridge at `printed` (with its token) has recorded, read as a script would. */
async function recordedEvents(printed: string): Promise<EventPage> {
  const { host, origin, searchParams } = new URL(printed);
  const socket = new NodeWebSocket(`ws://${host}${BRIDGE_PATH}?token=${searchParams.get('token') ?? ''}`, { headers: { origin } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const answer = new Promise<ServerMessage>((resolve) => socket.once('message', (data) => resolve(decodeMessage(String(data)) as ServerMessage)));
  socket.send(encodeMessage({ type: 'call', id: 1, method: 'events', args: [{ kinds: ['inbound.request'] }] }));
  const message = await answer;
  socket.close();
  if (message.type !== 'result') throw new Error(`events failed: ${JSON.stringify(message)}`);
  return message.value as EventPage;
}

describe("the inspector's token in Chromium", () => {
  let work: string;
  let project: string;
  let ui: UiProcess;
  let url: string;
  let origin: string;
  let browser: Browser;
  let inspector: InspectorPage;
  const args = (): string[] => [project, '--variable', 'upstream=127.0.0.1:4'];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-e2e-token-'));
    project = await writeProbeProject('token-app', work);
    ui = spawnUi(work, args(), { sharedTranspileCache: true });
    [url, origin] = await Promise.all([inspectorUrl(ui), appOrigin(ui)]);
    browser = await launchChromium();
    inspector = await openInspector(browser, url);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await inspector?.close();
    await browser?.close();
    if (ui?.child.exitCode === null) ui.child.kill('SIGKILL');
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('opens the printed address, takes the token out of the address bar, and keeps working across a reload', async () => {
    const { page } = inspector;
    expect(page.url()).toBe(`${new URL(url).origin}/`);
    await fetch(`${origin}/first`);
    await page.getByRole('row', { name: /\/first/ }).waitFor();
    await page.reload();
    await page.getByRole('status', { name: 'App state' }).filter({ hasText: 'running' }).waitFor();
    await page.getByRole('row', { name: /\/first/ }).waitFor();
    expect(page.url()).toBe(`${new URL(url).origin}/`);
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('never hands the token to the app under inspection, which shares 127.0.0.1 with the inspector', async () => {
    // A cookie would reach it: cookies are not isolated by port (RFC 6265 §8.5), and the
    // app records every request header.
    const token = new URL(url).searchParams.get('token') ?? '';
    const visit = await inspector.page.context().newPage();
    await visit.goto(`${origin}/visited`);
    await visit.close();
    expect(await inspector.page.context().cookies()).toEqual([]);
    const visited = (await recordedEvents(url)).events.filter((event) => event.kind === 'inbound.request' && event.pathWithQuery === '/visited');
    expect(visited).toHaveLength(1);
    expect(JSON.stringify(visited)).not.toContain(token);
  }, TIMEOUT_MS);

  it('a page opened without the token says to open the printed address, and gets no data', async () => {
    const bare = await openInspector(browser, `${new URL(url).origin}/`);
    try {
      const refusal = bare.page.getByRole('alert').filter({ hasText: "spinscope ui refused this page's token" });
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('Open the address spinscope ui printed, the one ending in ?token=…');
      expect(await bare.page.getByRole('status', { name: 'App state' }).textContent()).toBe('…');
      expect(await bare.page.getByRole('row', { name: /\/first/ }).count()).toBe(0);
      expect(bare.errors.filter((error) => !REFUSALS.test(error))).toEqual([]);
    } finally {
      await bare.close();
    }
  }, TIMEOUT_MS);

  it('a page of another loopback origin cannot open the API, even knowing the token', async () => {
    const { server, origin: foreign } = await startLoopbackServer(() => 'another local page');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(foreign);
      const api = `ws://${new URL(url).host}${BRIDGE_PATH}${new URL(url).search}`;
      const tryToOpen = (address: string): Promise<string> =>
        new Promise((resolve) => {
          const socket = new WebSocket(address);
          socket.onopen = () => {
            resolve('opened');
            socket.close();
          };
          socket.onclose = () => resolve('refused');
        });
      expect(await page.evaluate(tryToOpen, api)).toBe('refused');
      // The same script on the inspector's own page does open it.
      expect(await inspector.page.evaluate(tryToOpen, api)).toBe('opened');
    } finally {
      await context.close();
      server.close();
    }
  }, TIMEOUT_MS);

  it('says it needs the new address when spinscope ui restarts with a new token, and works again from that address', async () => {
    const { page } = inspector;
    const port = Number(new URL(url).port);
    expect(await interrupt(ui)).toBe(0);
    await page.getByRole('alert').filter({ hasText: 'disconnected from spinscope, retrying…' }).waitFor();

    ui = spawnUi(work, args(), { port, sharedTranspileCache: true });
    const fresh = await inspectorUrl(ui);
    expect(new URL(fresh).searchParams.get('token')).not.toBe(new URL(url).searchParams.get('token'));
    const refusal = page.getByRole('alert').filter({ hasText: "spinscope ui refused this page's token" });
    await refusal.waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'retrying' }).count()).toBe(0);
    await screenshotBothThemes(page, 'token-refused');

    await page.goto(fresh);
    await page.getByRole('status', { name: 'App state' }).filter({ hasText: 'running' }).waitFor();
    expect(await refusal.count()).toBe(0);
    origin = await appOrigin(ui);
    await fetch(`${origin}/after-restart`);
    await page.getByRole('row', { name: /\/after-restart/ }).waitFor();
    expect(inspector.errors.filter((error) => !REFUSALS.test(error))).toEqual([]);
  }, TIMEOUT_MS);
});
