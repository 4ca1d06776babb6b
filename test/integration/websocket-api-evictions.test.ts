import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketApi, type BridgeSocket } from '../../runtime/bridge-client/websocket-api.js';
import { bridgeSocket } from '../support/bridge-socket-url.js';
import type { EventBatch } from '../../runtime/api/contract.js';
import { startBridge, type Bridge } from '../../runtime/bridge/index.js';
import { ProjectSession } from '../../runtime/session/index.js';
import { testEngineOptions } from '../support/engine-options.js';
import { writeProbeProject } from '../support/probe-project.js';

const BUILD_TIMEOUT_MS = 180_000;

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (const started = Date.now(); !(await condition()); ) {
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the renderer's WebSocket client and evictions", () => {
  let work: string;
  let session: ProjectSession;
  let bridge: Bridge;
  let origin: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'spinscope-ws-evictions-'));
    session = await ProjectSession.open({
      project: await writeProbeProject('probe-app', work),
      listen: '127.0.0.1:0',
      variables: ['upstream=127.0.0.1:4'],
      engine: testEngineOptions(),
      recentProjectsFile: join(work, 'recent.json'),
      env: {},
      maxTraces: 3,
    });
    bridge = await startBridge({ session, port: 0 });
    origin = (await session.status()).origin ?? '';
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await bridge?.close();
    await session?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** The trace ids the store holds, sorted. */
  async function heldTraces(): Promise<string[]> {
    return [...new Set((await session.events()).events.map((event) => event.traceId))].sort();
  }

  it('reports the traces evicted while it was disconnected once it has caught up, as live batches report them', async () => {
    const sockets: WebSocket[] = [];
    const api = new WebSocketApi(bridgeSocket(bridge.openUrl).url, {
      createSocket: (url) => {
        const socket = new WebSocket(url, { headers: { origin: bridge.url } });
        sockets.push(socket);
        return socket as unknown as BridgeSocket;
      },
      initialDelayMs: 20,
    });
    // What a view shows: traces added by events, dropped when a batch names them evicted.
    const shown = new Set<string>();
    const batches: EventBatch[] = [];
    api.onEvents((batch) => {
      batches.push(batch);
      for (const traceId of batch.evictedTraceIds) shown.delete(traceId);
      for (const event of batch.events) shown.add(event.traceId);
    });
    const showsTheStore = async (): Promise<boolean> => [...shown].sort().join() === (await heldTraces()).join();
    try {
      for (const event of (await api.events()).events) shown.add(event.traceId);
      for (const path of ['/one', '/two', '/three']) await fetch(`${origin}${path}`);
      // Four traces (app.loaded's and three requests) in a store of three: a live batch names the first.
      await until(() => batches.some((batch) => batch.evictedTraceIds.length > 0), 'a live batch reports an eviction');
      await until(showsTheStore, 'the client shows what the store holds');

      // Away: three more requests evict every trace it knows, and no live batch says so.
      const known = [...shown];
      sockets.at(-1)?.terminate();
      for (const path of ['/four', '/five', '/six']) await fetch(`${origin}${path}`);
      await until(() => sockets.length > 1 && known.every((traceId) => !shown.has(traceId)), 'the catch-up reports the evictions');
      expect(await showsTheStore()).toBe(true);
    } finally {
      api.close();
    }
  });
});
