import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExampleInspector, type ExampleInspector } from '../support/example-inspector.js';
import { screenshotBothThemes, type InspectorPage } from '../support/inspector-page.js';
import { startLoopbackServer, startProbeInspector, type ProbeInspector } from '../support/probe-inspector.js';
const TIMEOUT_MS = 60_000;

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A `width` x `height` PNG, every pixel opaque red: PNG signature, IHDR, one IDAT, IEND. */
function redPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  // Each scanline: filter byte 0, then RGB per pixel.
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).fill(Buffer.from([255, 0, 0]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

describe('resending requests from the inspector', () => {
  let probe: ProbeInspector;
  const page = () => probe.inspector.page;
  const detail = () => page().getByRole('complementary', { name: 'Request details' });
  const clipboard = () => page().evaluate<string>('navigator.clipboard.readText()');

  beforeAll(async () => {
    probe = await startProbeInspector();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await probe?.close();
  });

  it("copies an inbound request as curl, fetch and HTTPie, aimed at the app's own address", async () => {
    const { origin } = probe;
    expect((await fetch(`${origin}/hello?copy=1`, { headers: { 'x-demo': "it's" } })).status).toBe(200);
    await page().getByRole('row', { name: /frontend GET \/hello\?copy=1 200/ }).click();
    const actions = detail().getByRole('group', { name: 'Copy or resend the request' });

    await actions.getByRole('button', { name: 'Copy as curl' }).click();
    const curl = await clipboard();
    expect(curl).toMatch(new RegExp(`^curl '${escaped(origin)}/hello\\?copy=1' `));
    expect(curl).toContain(`-H 'x-demo: it'\\''s'`);
    // The listener's spin-* headers and the connection's Host are not the client's.
    expect(curl).not.toMatch(/spin-|'host:/i);

    await actions.getByRole('button', { name: 'Copy as fetch' }).click();
    expect(await clipboard()).toMatch(new RegExp(`^await fetch\\("${escaped(origin)}/hello\\?copy=1", \\{\\n  method: "GET",[\\s\\S]*"x-demo": "it's",`));
    await actions.getByRole('button', { name: 'Copy as HTTPie' }).click();
    const httpie = await clipboard();
    expect(httpie).toMatch(new RegExp(`^http GET '${escaped(origin)}/hello\\?copy=1' `));
    expect(httpie).toContain(`'x-demo:it'\\''s'`);
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('replays an inbound request after allowing its denied call: the new trace is selected and compared with the original', async () => {
    const hits: string[] = [];
    const { server: forbidden, origin: forbiddenOrigin } = await startLoopbackServer((path) => {
      hits.push(path);
      return 'forbidden host answered';
    });
    try {
      expect((await probe.callOut(`${forbiddenOrigin}/data`)).status).toBe(500);
      const port = new URL(forbiddenOrigin).port;
      await page().getByRole('row', { name: new RegExp(`${escaped(forbiddenOrigin)}/data.*DENIED`) }).click();
      const why = detail().getByRole('region', { name: 'Why this request was denied' });
      await why.getByRole('button', { name: 'Allow for this session' }).click();
      await why.getByRole('status').filter({ hasText: 'Allowed for this session' }).waitFor();

      // Replay from the request itself, not from the denial.
      const original = page().getByRole('row', { name: new RegExp(`frontend GET /fetch\\?url=.*${port}.* 500`) });
      await original.click();
      await detail().getByRole('group', { name: 'Copy or resend the request' }).getByRole('button', { name: 'Replay', exact: true }).click();

      const comparison = detail().getByRole('region', { name: 'Replay compared with the original' });
      await comparison.filter({ hasText: 'Status 500 → 200' }).waitFor();
      const changed = comparison.getByRole('list', { name: 'Outbound calls that changed' }).getByRole('listitem');
      expect(await changed.allTextContents()).toEqual([expect.stringMatching(new RegExp(`^GET ${escaped(forbiddenOrigin)}/data\\s*denied → allowed \\(200\\)\\s*\\(frontend\\)$`))]);
      expect(hits).toEqual(['/data']);
      // The replay's row is the one selected, and the original is still listed.
      const selected = page().getByRole('treegrid', { name: 'Traffic' }).locator('[role=row][aria-selected=true]');
      expect(await selected.textContent()).toMatch(new RegExp(`${port}.*200`));
      expect(await original.count()).toBe(1);

      // A changed call opens its row.
      await changed.getByRole('button').click();
      expect(await detail().getByRole('heading', { level: 2 }).textContent()).toMatch(new RegExp(`GET\\s+${escaped(forbiddenOrigin)}/data`));
      expect(probe.inspector.errors).toEqual([]);
    } finally {
      forbidden.close();
    }
  }, TIMEOUT_MS);

  it('edits and resends a request: a changed header and body reach the app, and a bad method is refused with a clear error', async () => {
    const { origin } = probe;
    await fetch(`${origin}/echo?edit=1`, { method: 'POST', headers: { 'x-demo': 'original', 'content-type': 'text/plain' }, body: 'echo me' });
    await page().getByRole('row', { name: /frontend POST \/echo\?edit=1 201/ }).click();
    await detail().getByRole('button', { name: 'Edit and resend' }).click();
    const form = detail().getByRole('form', { name: 'Edit and resend' });
    const headers = form.getByRole('textbox', { name: /^Headers/ });
    expect(await headers.inputValue()).toContain('x-demo: original');
    expect(await form.getByRole('textbox', { name: 'Body' }).inputValue()).toBe('echo me');
    await headers.fill((await headers.inputValue()).replace('x-demo: original', 'x-demo: edited'));
    await form.getByRole('textbox', { name: 'Body' }).fill('edited body');

    await form.getByRole('combobox', { name: 'Method' }).fill('GE T');
    await form.getByRole('button', { name: 'Send' }).click();
    await screenshotBothThemes(page(), 'edit-and-resend');
    expect(await form.getByRole('alert').textContent()).toBe(`Cannot send the request: the method "GE T" is not an HTTP method: one word of letters, digits and !#$%&'*+-.^_\`|~.`);

    await form.getByRole('combobox', { name: 'Method' }).fill('PUT');
    await form.getByRole('button', { name: 'Send' }).click();
    await detail().getByRole('region', { name: 'Replay compared with the original' }).filter({ hasText: 'Status 201 → 201' }).waitFor();
    expect(await detail().getByRole('heading', { level: 2 }).textContent()).toMatch(/PUT\s+\/echo\?edit=1/);
    // The probe's /echo answers with what the guest received.
    const echoed = detail().getByRole('table', { name: 'Response headers' });
    expect(await echoed.getByRole('row', { name: /x-echo-x-demo/ }).textContent()).toBe('x-echo-x-demoedited');
    expect(await echoed.getByRole('row', { name: /x-echo-method/ }).textContent()).toBe('x-echo-methodPUT');
    await detail().getByRole('searchbox', { name: 'Find in response body' }).fill('edited body');
    expect(await detail().getByRole('status', { name: 'Matches in response body' }).textContent()).toContain('1 of 1');
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('previews an image body with its size and dimensions, and still shows its bytes', async () => {
    const png = redPng(40, 24);
    await fetch(`${probe.origin}/echo?image=1`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    await page().getByRole('row', { name: /frontend POST \/echo\?image=1 201/ }).click();
    const image = detail().getByRole('img', { name: 'The body, a image/png image' }).first();
    await image.waitFor();
    expect(await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBe(40);
    await detail().getByText(`image/png, ${png.length} B, 40 × 24 px`).first().waitFor();
    await screenshotBothThemes(page(), 'image-body');
    await detail().getByRole('group', { name: 'Show request body as' }).getByRole('button', { name: 'Hex' }).click();
    expect(await detail().locator('pre.hex').first().textContent()).toMatch(/^00000000 {2}89 50 4e 47 0d 0a 1a 0a/);
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it('finds text in a body: counts the matches, marks them and steps through them', async () => {
    await fetch(`${probe.origin}/echo?find=1`, { method: 'POST', body: '{"items":["alpha","beta","Alpha"],"note":"alpha"}' });
    await page().getByRole('row', { name: /frontend POST \/echo\?find=1 201/ }).click();
    const views = detail().getByRole('group', { name: 'Show response body as' });
    expect(await views.getByRole('button', { name: 'Tree' }).getAttribute('aria-pressed')).toBe('true');
    const find = detail().getByRole('searchbox', { name: 'Find in response body' });
    const count = detail().getByRole('status', { name: 'Matches in response body' });
    await find.fill('alpha');
    expect(await count.textContent()).toContain('1 of 3');
    // Matches are marked in the text, so the search shows the text.
    expect(await views.getByRole('button', { name: 'Text' }).getAttribute('aria-pressed')).toBe('true');
    expect(await detail().locator('mark').allTextContents()).toEqual(['alpha', 'Alpha', 'alpha']);
    await find.press('Enter');
    expect(await count.textContent()).toContain('2 of 3');
    await screenshotBothThemes(page(), 'body-search');
    expect(await detail().locator('mark.current').textContent()).toBe('Alpha');
    await detail().getByRole('button', { name: 'Previous match in response body' }).click();
    await detail().getByRole('button', { name: 'Previous match in response body' }).click();
    expect(await count.textContent()).toContain('3 of 3');
    await find.fill('zeta');
    expect(await count.textContent()).toContain('No matches');
    expect(probe.inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});

describe('the first run of the bundled example', () => {
  let example: ExampleInspector | undefined;
  let origin: string;
  let inspector: InspectorPage;
  const detail = () => inspector.page.getByRole('complementary', { name: 'Request details' });

  beforeAll(async () => {
    example = await openExampleInspector();
    ({ origin, inspector } = example);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await example?.close();
  });

  it('offers to send a request to each route, shows the curl command for each, and fills the list', async () => {
    const { page } = inspector;
    const first = page.getByRole('region', { name: 'First requests' });
    await first.getByText('No traffic yet.').waitFor();
    const routes = first.getByRole('list', { name: 'Routes' }).getByRole('listitem');
    expect(await routes.allTextContents()).toEqual([
      expect.stringContaining(`curl '${origin}/motd'`),
      expect.stringContaining(`curl '${origin}/'`),
    ]);
    await screenshotBothThemes(page, 'first-run');
    await first.getByRole('button', { name: 'Send a request to each route' }).click();
    await page.getByRole('row', { name: /motd GET \/motd 200/ }).waitFor();
    await page.getByRole('row', { name: /frontend GET \/ .*200/ }).waitFor();
    await page.getByRole('row', { name: /self\.alt\/motd DENIED/ }).waitFor();
    expect(await first.count()).toBe(0);
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);

  it("allows the example's denied call to the app itself, replays it, and the call now answers 200", async () => {
    const { page } = inspector;
    await page.getByRole('row', { name: /self\.alt\/motd DENIED/ }).click();
    const why = detail().getByRole('region', { name: 'Why this request was denied' });
    expect(await why.locator('code.entry').textContent()).toBe('"http://self"');
    await why.getByRole('button', { name: 'Allow for this session' }).click();
    await why.getByRole('status').filter({ hasText: 'Allowed for this session' }).waitFor();
    await why.getByRole('button', { name: 'Replay the request' }).click();

    const comparison = detail().getByRole('region', { name: 'Replay compared with the original' });
    await comparison.filter({ hasText: 'Status 200 → 200' }).waitFor();
    await comparison.getByRole('listitem').filter({ hasText: /GET http:\/\/self\.alt\/motd\s*denied → allowed \(200\)/ }).waitFor();
    await page.getByRole('row', { name: /self\.alt\/motd 200/ }).waitFor();
    expect(await detail().getByRole('heading', { level: 2 }).textContent()).toMatch(/GET\s+\/$/);
    // The frontend got the app's message of the day, over its own listener on 127.0.0.1.
    await detail().getByText('Allowed at last: the frontend may call the app itself.', { exact: false }).first().waitFor();
    await screenshotBothThemes(page, 'replay-comparison');
    expect(inspector.errors).toEqual([]);
  }, TIMEOUT_MS);
});
