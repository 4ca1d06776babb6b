import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { startApp, type RunningApp } from '../../runtime/app/index.js';
import { buildWatComponent } from '../support/build-wat-component.js';
import { testEngineOptions } from '../support/engine-options.js';

const BUILD_TIMEOUT_MS = 180_000;
const REDIS = 'fermyon:spin/redis@2.0.0';
const POSTGRES = 'fermyon:spin/postgres@2.0.0';

// Nothing here connects anywhere: an allowed address gets "not supported" without any I/O.
const manifest = (source: string): string => `spin_manifest_version = 2

[application]
name = "spin-interfaces"

[[trigger.http]]
route = "/..."
component = "outbound"

[component.outbound]
source = ${JSON.stringify(source)}
allowed_outbound_hosts = ["redis://127.0.0.1:6379", "postgres://127.0.0.1"]

[component.outbound.variables]
greeting = "hello"
api_host = "example.test"
`;

describe("a component importing Spin's redis, postgres and wasi:config interfaces, served by startApp", () => {
  let dir: string;
  let running: RunningApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-spin-interfaces-'));
    await writeFile(join(dir, 'spin.toml'), manifest(await buildWatComponent('spin-outbound', 'spin-outbound')));
    running = await startApp(join(dir, 'spin.toml'), { listen: '127.0.0.1:0', timeoutMs: 5_000, engine: testEngineOptions() });
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** GETs `path`; answers the guest's headers and the events of the request's trace. */
  async function call(path: string) {
    const response = await fetch(`${running.url}${path}`);
    await response.arrayBuffer();
    const inbound = running.events.events().filter((event) => event.kind === 'inbound.request').at(-1);
    const trace: SpinscopeEvent[] = inbound ? (running.events.trace(inbound.traceId) ?? []) : [];
    return {
      status: response.status,
      outcome: response.headers.get('x-outcome'),
      message: response.headers.get('x-message'),
      vars: response.headers.get('x-var'),
      inbound,
      trace,
    };
  }

  it('serves a route that touches none of them', async () => {
    const { status, outcome, trace } = await call('/hello');
    expect(status).toBe(200);
    expect(outcome).toBeNull();
    expect(trace.map((event) => event.kind)).toEqual(['inbound.request', 'inbound.response']);
  });

  it('redis open of an allowed address answers other(...) saying Redis is not supported, recorded as host.unsupported', async () => {
    const { status, outcome, message, inbound, trace } = await call('/r?redis://127.0.0.1:6379');
    expect([status, outcome, message]).toEqual([200, '13', `${REDIS} is not supported by Spinscope yet`]);
    expect(trace.filter((event) => event.kind === 'host.unsupported')).toEqual([
      expect.objectContaining({
        parentId: inbound?.id,
        component: 'outbound',
        interface: REDIS,
        function: '[static]connection.open',
        address: 'redis://127.0.0.1:6379',
        allowedBy: 'redis://127.0.0.1:6379',
        error: { tag: 'other', message: `${REDIS} is not supported by Spinscope yet` },
      }),
    ]);
    expect(trace.some((event) => event.kind === 'outbound.denied')).toBe(false);
  });

  it("redis open of a denied address answers invalid-address and is recorded as outbound.denied with Spin's lines", async () => {
    const { outcome, message, inbound, trace } = await call('/r?redis://127.0.0.1:6380');
    expect([outcome, message]).toEqual(['10', null]);
    expect(trace.filter((event) => event.kind === 'outbound.denied')).toEqual([
      expect.objectContaining({
        parentId: inbound?.id,
        component: 'outbound',
        interface: REDIS,
        url: 'redis://127.0.0.1:6380',
        spinLines: [
          'Outbound network destination not allowed: redis://127.0.0.1:6380',
          "Warning: A component tried to make an outbound network connection to disallowed destination 'redis://127.0.0.1:6380'.",
          `To allow this request, add 'allowed_outbound_hosts = ["redis://127.0.0.1:6380"]' to the manifest component section.`,
        ],
        explanation: expect.objectContaining({ allowed: false, suggestion: 'redis://127.0.0.1:6380' }),
      }),
    ]);
    expect(trace.some((event) => event.kind === 'host.unsupported')).toBe(false);
  });

  it('postgres open of an allowed connection string answers connection-failed(...) saying it is not supported', async () => {
    const { outcome, message, trace } = await call('/p?postgres://app@127.0.0.1/orders');
    expect([outcome, message]).toEqual(['10', `${POSTGRES} is not supported by Spinscope yet`]);
    expect(trace.filter((event) => event.kind === 'host.unsupported')).toEqual([
      expect.objectContaining({ interface: POSTGRES, address: 'postgres://app@127.0.0.1/orders', allowedBy: 'postgres://127.0.0.1' }),
    ]);
  });

  it("postgres open of a denied host answers Spin's connection-failed(\"address postgres://<host>:<port> is not permitted\")", async () => {
    const { outcome, message, trace } = await call('/p?postgres://app@127.0.0.1:5433/orders');
    expect([outcome, message]).toEqual(['10', 'address postgres://127.0.0.1:5433 is not permitted']);
    expect(trace.filter((event) => event.kind === 'outbound.denied')).toEqual([
      expect.objectContaining({
        interface: POSTGRES,
        url: '127.0.0.1:5433',
        spinLines: expect.arrayContaining([`To allow this request, add 'allowed_outbound_hosts = ["postgres://127.0.0.1:5433"]' to the manifest component section.`]),
        explanation: expect.objectContaining({ suggestion: 'postgres://127.0.0.1:5433' }),
      }),
    ]);
  });

  it("wasi:config get returns the component's variable, and none for a missing or invalid name", async () => {
    expect(await call('/c?greeting')).toMatchObject({ outcome: '01', message: 'hello' });
    expect(await call('/c?missing')).toMatchObject({ outcome: '00', message: null });
    expect(await call('/c?Not-A-Name')).toMatchObject({ outcome: '00', message: null });
  });

  it("wasi:config get-all returns every variable of the component", async () => {
    expect(await call('/a')).toMatchObject({ outcome: '00', vars: 'greeting=hello, api_host=example.test' });
  });
});
