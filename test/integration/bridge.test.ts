import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PATH, decodeMessage, encodeMessage, type ClientMessage, type ServerMessage } from '../../runtime/api/bridge-protocol.js';
import type { ComponentInfo } from '../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { NO_MESSAGE_ID, startBridge, type Bridge } from '../../runtime/bridge/index.js';
import { ProjectSession } from '../../runtime/session/index.js';
import { WebSocketApi, type BridgeSocket, type ConnectionState } from '../../runtime/bridge-client/websocket-api.js';
import { testEngineOptions } from '../support/engine-options.js';
import { writeProbeProject } from '../support/probe-project.js';

const BUILD_TIMEOUT_MS = 180_000;

/** A browser-side connection to the bridge: calls by id, and every pushed message kept in order. */
class BridgeClient {
  readonly pushed: ServerMessage[] = [];
  readonly #answers = new Map<number, (message: ServerMessage) => void>();
  #nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = decodeMessage(String(data)) as ServerMessage;
      if (message.type === 'result' || message.type === 'error') {
        const answer = this.#answers.get(message.id);
        this.#answers.delete(message.id);
        if (answer) answer(message);
        else this.pushed.push(message);
      } else this.pushed.push(message);
    });
  }

  static connect(bridge: Bridge, headers: Record<string, string> = { origin: bridge.url }): Promise<BridgeClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${bridge.port}${apiPath(bridge)}`, { headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new BridgeClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a raw frame and resolves with the next answer to `id`. */
  sendRaw(frame: string | Buffer, id: number): Promise<ServerMessage> {
    return new Promise((resolve) => {
      this.#answers.set(id, resolve);
      this.socket.send(frame);
    });
  }

  async call(method: Extract<ClientMessage, { type: 'call' }>['method'], ...args: unknown[]): Promise<unknown> {
    const id = this.#nextId++;
    const answer = await this.sendRaw(encodeMessage({ type: 'call', id, method, args }), id);
    if (answer.type !== 'result') throw new Error(`${method} failed: ${JSON.stringify(answer)}`);
    return answer.value;
  }

  send(message: ClientMessage): void {
    this.socket.send(encodeMessage(message));
  }

  /** Resolves once a pushed message passes `until`. */
  waitFor(until: (message: ServerMessage) => boolean): Promise<ServerMessage> {
    return new Promise((resolve) => {
      const check = (): void => {
        const found = this.pushed.find(until);
        if (found) {
          this.socket.off('message', check);
          resolve(found);
        }
      };
      this.socket.on('message', check);
      check();
    });
  }
}

/** The API's path with the bridge's token, or with `token` when given. */
function apiPath(bridge: Bridge, token = bridge.token): string {
  return `${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
}

/** The status code a refused upgrade answered with. */
function refusedUpgrade(bridge: Bridge, headers: Record<string, string>, path = apiPath(bridge)): Promise<number> {
  const socket = new WebSocket(`ws://127.0.0.1:${bridge.port}${path}`, { headers });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      // Terminating a socket that never opened reports that as an error; it is expected here.
      socket.on('error', () => undefined);
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
  });
}

/** A plain GET with a chosen Host header and raw path, which fetch cannot send. */
function rawGet(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

/** Writes `request` as is and resolves with the status line of the answer. */
function rawStatusLine(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received.split('\r\n')[0] ?? '')).on('error', reject);
  });
}

describe('the spinscope ui bridge', () => {
  let work: string;
  let rendererDir: string;
  let session: ProjectSession;
  let bridge: Bridge;
  let client: BridgeClient;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-bridge-'));
    rendererDir = join(work, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Spinscope</title><script type="module" src="/assets/app.js"></script>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("inspector");');
    await writeFile(join(rendererDir, 'assets', 'app.css'), 'body { margin: 0 }');
    const project = await writeProbeProject('probe-app', work);
    session = await ProjectSession.open({
      project,
      listen: '127.0.0.1:0',
      variables: ['upstream=127.0.0.1:4'],
      engine: testEngineOptions(),
      timeoutMs: 5_000,
      recentProjectsFile: join(work, 'recent.json'),
      env: {},
    });
    bridge = await startBridge({ session, port: 0, rendererDir });
    client = await BridgeClient.connect(bridge);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    client?.socket.terminate();
    await bridge?.close();
    await session?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('static files', () => {
    it('serves the renderer on 127.0.0.1 with its MIME types and the strict CSP', async () => {
      expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}`);
      const page = await fetch(`${bridge.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<title>Spinscope</title>');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:");
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${bridge.port}`);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${bridge.url}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await fetch(`${bridge.url}/assets/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    });

    it('answers 404 for a missing file and for a path escaping the renderer directory', async () => {
      expect((await fetch(`${bridge.url}/assets/missing.js`)).status).toBe(404);
      expect((await rawGet(bridge.port, '/%2e%2e/recent.json')).status).toBe(404);
      expect((await rawGet(bridge.port, '/../recent.json')).status).toBe(404);
      expect((await rawGet(bridge.port, '/..%2frecent.json')).status).toBe(404);
    });

    it('refuses a request whose Host is not 127.0.0.1:<port> (DNS rebinding)', async () => {
      const rebound = await rawGet(bridge.port, '/', `attacker.example:${bridge.port}`);
      expect(rebound.status).toBe(403);
      expect(rebound.body).not.toContain('Spinscope</title>');
    });

    it('says which port is taken when it cannot listen', async () => {
      await expect(startBridge({ session, port: bridge.port, rendererDir })).rejects.toThrow(
        `cannot serve the inspector: 127.0.0.1:${bridge.port} is already in use; pick another port (--port N), or 0 for any free one`,
      );
    });

    it('explains how to build the renderer when it is not built', async () => {
      const unbuilt = await startBridge({ session, port: 0, rendererDir: join(work, 'not-built') });
      try {
        const page = await fetch(`${unbuilt.url}/`);
        expect(page.status).toBe(503);
        expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(await page.text()).toContain('Run <code>npm run build</code>');
      } finally {
        await unbuilt.close();
      }
    });
  });

  describe('WebSocket security', () => {
    it('refuses an upgrade from a foreign Origin (cross-site WebSocket hijacking), or with none, even with the token', async () => {
      expect(await refusedUpgrade(bridge, { origin: 'https://attacker.example' })).toBe(403);
      expect(await refusedUpgrade(bridge, { origin: `http://localhost:${bridge.port}` })).toBe(403);
      expect(await refusedUpgrade(bridge, { origin: `http://127.0.0.1:${bridge.port === 65_535 ? 1 : bridge.port + 1}` })).toBe(403);
      expect(await refusedUpgrade(bridge, {})).toBe(403);
    });

    it('refuses an upgrade whose Host is not 127.0.0.1:<port>', async () => {
      expect(await refusedUpgrade(bridge, { origin: bridge.url, host: `attacker.example:${bridge.port}` })).toBe(403);
    });

    it('accepts WebSockets only at the bridge path', async () => {
      expect(await refusedUpgrade(bridge, { origin: bridge.url }, `/other?token=${bridge.token}`)).toBe(404);
    });

    it('refuses an upgrade with its own Origin and Host but without the token, or with a wrong one (401)', async () => {
      expect(bridge.token).toMatch(/^[0-9a-f]{48}$/);
      expect(await refusedUpgrade(bridge, { origin: bridge.url }, BRIDGE_PATH)).toBe(401);
      expect(await refusedUpgrade(bridge, { origin: bridge.url }, apiPath(bridge, ''))).toBe(401);
      expect(await refusedUpgrade(bridge, { origin: bridge.url }, apiPath(bridge, `${bridge.token}0`))).toBe(401);
      expect(await refusedUpgrade(bridge, { origin: bridge.url }, apiPath(bridge, bridge.token.replace(/.$/, (last) => (last === '0' ? '1' : '0'))))).toBe(401);
      // The cookie a cookie-based design would use is no credential here.
      expect(await refusedUpgrade(bridge, { origin: bridge.url, cookie: `token=${bridge.token}` }, BRIDGE_PATH)).toBe(401);
    });

    it('answers a request target that does not parse, plain or upgrading, with 404 and keeps serving', async () => {
      expect((await rawGet(bridge.port, 'http://[')).status).toBe(404);
      const upgrade =
        `GET http://[${apiPath(bridge)} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nOrigin: ${bridge.url}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
      expect(await rawStatusLine(bridge.port, upgrade)).toBe('HTTP/1.1 404 Not Found');
      expect(await client.call('status')).toMatchObject({ state: 'running' });
    });

    it('answers a plain request to the API path 401 without the token and 426 with it, and serves the renderer without it', async () => {
      const bare = await rawGet(bridge.port, BRIDGE_PATH);
      expect(bare.status).toBe(401);
      expect(bare.body).toContain('open the address spinscope ui printed');
      expect((await rawGet(bridge.port, apiPath(bridge, 'not-the-token-at-all'))).status).toBe(401);
      const authorized = await rawGet(bridge.port, apiPath(bridge));
      expect(authorized.status).toBe(426);
      expect(authorized.headers['upgrade']).toBe('websocket');
      expect((await rawGet(bridge.port, '/')).status).toBe(200);
      expect(bridge.openUrl).toBe(`${bridge.url}/?token=${bridge.token}`);
    });

    it('serves with the token it is given, and refuses one too short or not URL-safe', async () => {
      const token = 'a-token.chosen_by~a-script';
      const chosen = await startBridge({ session, port: 0, rendererDir, token });
      try {
        expect(chosen.token).toBe(token);
        const other = await BridgeClient.connect(chosen);
        expect(await other.call('status')).toMatchObject({ state: 'running' });
        other.socket.close();
        expect(await refusedUpgrade(chosen, { origin: chosen.url }, apiPath(chosen, bridge.token))).toBe(401);
      } finally {
        await chosen.close();
      }
      await expect(startBridge({ session, port: 0, rendererDir, token: 'short' })).rejects.toThrow('the bridge token must be at least 16 characters');
      await expect(startBridge({ session, port: 0, rendererDir, token: 'sixteen chars or more, with spaces' })).rejects.toThrow('must be at least 16 characters of A-Z');
    });
  });

  describe('the protocol', () => {
    it('answers every contract method as the session does', async () => {
      expect(await client.call('status')).toEqual(await session.status());
      expect(await client.call('components')).toEqual(await session.components());
      expect(await client.call('events', { kinds: ['app.loaded'] })).toEqual(await session.events({ kinds: ['app.loaded'] }));
      expect(await client.call('recentProjects')).toEqual(await session.recentProjects());
      expect(await client.call('stop')).toMatchObject({ state: 'stopped' });
      expect(await client.call('start')).toMatchObject({ state: 'running' });
      expect(await client.call('restart')).toMatchObject({ state: 'running' });
      const hosts = (await client.call('setAllowedHosts', 'backend', ['http://{{ upstream }}'], { save: false })) as ComponentInfo[];
      expect(hosts.find((component) => component.id === 'backend')).toMatchObject({ allowedOutboundHosts: [{ raw: 'http://{{ upstream }}' }], unsaved: true });
      const discarded = (await client.call('discardSessionChanges', 'backend')) as ComponentInfo[];
      expect(discarded.find((component) => component.id === 'backend')).toEqual(expect.objectContaining({ allowedOutboundHosts: [] }));
      expect(discarded.some((component) => component.unsaved === true)).toBe(false);
      expect(await client.call('discardSessionChanges')).toEqual(await session.components());
      const { origin } = await session.status();
      await fetch(`${origin}/replayed`);
      const traceId = (await session.events({ kinds: ['inbound.request'] })).events.at(-1)?.traceId ?? '';
      const replayed = (await client.call('replay', traceId)) as { status: number; traceId: string };
      expect(replayed).toEqual({ status: 200, traceId: expect.any(String) });
      expect((await session.events({ traceId: replayed.traceId })).events[0]).toMatchObject({ kind: 'inbound.request', pathWithQuery: '/replayed' });
      const other = await writeProbeProject('other-app', work);
      expect(await client.call('openProject', other)).toMatchObject({ state: 'running', appName: 'other-app' });
      await client.call('clearEvents');
      expect(await client.call('events')).toEqual({ events: [], evicted: 0, evictedBytes: 0 });
    });

    it('carries captured bodies as bytes', async () => {
      const { origin } = await session.status();
      const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
      await fetch(`${origin}/echo`, { method: 'POST', body: bytes });
      // The body streamed in, so it is recorded with the response.
      const page = (await client.call('events', { kinds: ['inbound.response'] })) as { events: SpinscopeEvent[] };
      const echo = page.events.findLast((e) => e.kind === 'inbound.response' && e.status === 201);
      const captured = echo?.kind === 'inbound.response' ? echo.requestBody?.captured : undefined;
      expect(captured).toBeInstanceOf(Uint8Array);
      expect([...(captured ?? [])]).toEqual([...bytes]);
    });

    it('pushes live event batches and status changes to a subscriber, and stops after unsubscribe', async () => {
      client.send({ type: 'subscribe', topic: 'events' });
      client.send({ type: 'subscribe', topic: 'status' });
      await client.call('restart');
      expect(client.pushed.filter((m) => m.type === 'status').map((m) => m.type === 'status' && m.status.state)).toEqual(['starting', 'running']);
      const { origin } = await session.status();
      await fetch(`${origin}/live`);
      const batch = await client.waitFor((m) => m.type === 'events' && m.batch.events.some((e) => e.kind === 'inbound.response'));
      expect(batch).toMatchObject({ type: 'events', batch: { evicted: 0 } });

      client.send({ type: 'unsubscribe', topic: 'status' });
      const before = client.pushed.length;
      await client.call('stop');
      await client.call('start');
      expect(client.pushed.slice(before).filter((m) => m.type === 'status')).toEqual([]);
      client.send({ type: 'unsubscribe', topic: 'events' });
    });

    it('answers malformed messages with an error and keeps the connection', async () => {
      const error = (answer: ServerMessage): string => (answer.type === 'error' ? `${answer.error.code}: ${answer.error.message}` : 'no error');
      expect(error(await client.sendRaw('{not json', NO_MESSAGE_ID))).toMatch(/^SPINSCOPE_BRIDGE: a message must be JSON/);
      expect(error(await client.sendRaw(Buffer.from([1, 2, 3]), NO_MESSAGE_ID))).toMatch(/binary/);
      expect(error(await client.sendRaw('{"type":"call","id":7,"method":"constructor","args":[]}', 7))).toMatch(/unknown method "constructor"/);
      expect(error(await client.sendRaw('{"type":"call","id":8,"method":"openProject","args":[42]}', 8))).toMatch(/openProject takes one path/);
      expect(error(await client.sendRaw('{"type":"call","id":9,"method":"events","args":[{"kinds":["nope"]}]}', 9))).toMatch(/optional filter/);
      expect(error(await client.sendRaw('{"type":"call","id":10,"method":"status"}', 10))).toMatch(/needs "args"/);
      expect(error(await client.sendRaw('{"type":"call","id":11,"method":"setAllowedHosts","args":["web",["https://a.test"]]}', 11))).toMatch(/setAllowedHosts takes/);
      expect(error(await client.sendRaw('{"type":"call","id":12,"method":"replay","args":[]}', 12))).toMatch(/replay takes a trace id/);
      expect(error(await client.sendRaw('{"type":"call","id":13,"method":"discardSessionChanges","args":[""]}', 13))).toMatch(/discardSessionChanges takes an optional component id/);
      expect(error(await client.sendRaw('{"type":"call","id":14,"method":"keyValueSet","args":["default","counter","5"]}', 14))).toMatch(/keyValueSet takes .* a value \(bytes\)/);
      expect(error(await client.sendRaw('{"type":"call","id":15,"method":"keyValueKeys","args":["default",{"limit":-1}]}', 15))).toMatch(/keyValueKeys takes/);
      expect(error(await client.sendRaw('{"type":"call","id":16,"method":"setStoreAccess","args":["web","allowed_outbound_hosts",[],{"save":false}]}', 16))).toMatch(/"key_value_stores" or "sqlite_databases"/);
      expect(error(await client.sendRaw('{"type":"subscribe","topic":"secrets"}', NO_MESSAGE_ID))).toMatch(/unknown topic/);
      expect(error(await client.sendRaw('{"type":"call","id":"x","method":"status","args":[]}', NO_MESSAGE_ID))).toMatch(/integer "id"/);
      expect(await client.call('status')).toMatchObject({ state: 'running' });
    });
  });

  describe("the renderer's WebSocket client", () => {
    it('reconnects to a bridge back with the same token, and stops retrying once a new token refuses it', async () => {
      const token = 'renderer-client-token-0123456789';
      let served = await startBridge({ session, port: 0, rendererDir, token });
      const { port, url: origin } = served;
      const attempts: string[] = [];
      const states: ConnectionState[] = [];
      const client = new WebSocketApi(`ws://127.0.0.1:${port}${apiPath(served)}`, {
        createSocket: (address) => {
          attempts.push(address);
          return new WebSocket(address, { headers: { origin } }) as unknown as BridgeSocket;
        },
        refused: () => fetch(`${origin}${apiPath(served, token)}`).then((response) => response.status === 401, () => false),
        initialDelayMs: 10,
        maxDelayMs: 50,
      });
      client.onConnection((state) => states.push(state));
      try {
        expect(await client.status()).toMatchObject({ state: 'running' });
        await served.close();
        await vi.waitFor(() => expect(states.at(-1)).toBe('closed'));
        served = await startBridge({ session, port, rendererDir, token });
        await vi.waitFor(() => expect(states.at(-1)).toBe('open'), { timeout: 10_000 });
        expect(await client.status()).toMatchObject({ state: 'running' });

        await served.close();
        served = await startBridge({ session, port, rendererDir });
        await vi.waitFor(() => expect(states.at(-1)).toBe('unauthorized'), { timeout: 10_000 });
        await expect(client.status()).rejects.toMatchObject({ code: 'SPINSCOPE_BRIDGE_UNAUTHORIZED', message: expect.stringContaining('Open the address spinscope ui printed') });
        const tried = attempts.length;
        // Retrying every 50 ms, it would have tried again several times by now.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(attempts.length).toBe(tried);
      } finally {
        client.close();
        await served.close();
      }
    });
  });
});
