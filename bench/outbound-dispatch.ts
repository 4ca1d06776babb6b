import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import {
  AllowedHosts,
  buildRouter,
  EventStore,
  outboundDispatcher,
  performOutboundWith,
  prepareChainedRequest,
  startListener,
  type InboundHandler,
} from '../runtime/index.js';
import { readBody } from '../test/support/read-body.js';
import { compareAsync, formatRate, type Measurement } from './measure.js';

const PAYLOAD = new TextEncoder().encode(JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}` })) }));

function report(title: string, baseline: Measurement, subject: Measurement, verdict: string): void {
  console.log(`\n## ${title}`);
  for (const m of [baseline, subject]) console.log(`${m.name.padEnd(44)} ${formatRate(m.opsPerSecond).padStart(9)} requests/s`);
  console.log(verdict);
}

/**
 * (b) The dispatcher's overhead: a GET to a loopback upstream through the adapter the
 * engine calls (policy check, events, Host stripping, then undici) against the same
 * GET sent directly with undici, both reading the whole body. (c) A chain hop in memory against the same call over
 * loopback HTTP through the trigger's listener, both routed by the same router.
 */
export async function benchOutboundDispatch(): Promise<void> {
  const upstream = createServer((_req, res) => res.end(PAYLOAD));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamAuthority = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const upstreamUrl = `http://${upstreamAuthority}/items`;

  const router = buildRouter([{ route: { kind: 'path', pattern: '/...' }, component: 'backend' }]);
  const answer = () => ({ status: 200, headers: [['content-type', 'application/json']] as [string, string][], body: PAYLOAD });
  const backend: InboundHandler = async () => answer();
  const listener = await startListener({ router, handle: backend, listen: '127.0.0.1:0' });
  const listenerAuthority = new URL(listener.url).host;

  const agent = new Agent();
  const dispatcher = outboundDispatcher({
    policies: new Map([['frontend', AllowedHosts.parse(['http://127.0.0.1:*', 'http://backend.spin.internal'], { componentIds: ['frontend', 'backend'] })]]),
    events: new EventStore({ maxTraces: 1000 }),
    dispatchInbound: async (component, inbound) => {
      // Route and build Spin's headers as startApp does, so both sides pay for routing.
      prepareChainedRequest(router, component, inbound);
      return answer();
    },
  });
  const perform = performOutboundWith(dispatcher, 'frontend');
  // Reads the whole body, as the direct GET does: perform() resolves at the response head.
  // The target comes in the parts a guest sets.
  const get = async (authority: string, pathWithQuery: string): Promise<Uint8Array> => {
    const result = await perform({ method: 'GET', scheme: 'http', authority, pathWithQuery, headers: [], body: new Uint8Array() });
    if (!('response' in result)) throw new Error(`the bench GET of ${authority}${pathWithQuery} failed: ${JSON.stringify(result)}`);
    return readBody(result.response.body);
  };

  const [direct, viaDispatcher] = await compareAsync(
    { name: 'direct undici GET', run: async () => (await request(upstreamUrl, { dispatcher: agent })).body.arrayBuffer() },
    { name: 'same GET through the dispatcher', run: () => get(upstreamAuthority, '/items') },
  );
  const overhead = (direct.opsPerSecond / viaDispatcher.opsPerSecond - 1) * 100;
  report('(b) Outbound dispatcher overhead', direct, viaDispatcher, `dispatcher overhead: ${overhead.toFixed(1)}% on top of the direct GET  (aim: <= 10%)`);

  const [loopback, hop] = await compareAsync(
    { name: 'call over loopback HTTP, by route', run: () => get(listenerAuthority, '/api') },
    { name: 'chain hop in memory (backend.spin.internal)', run: () => get('backend.spin.internal', '/api') },
  );
  report('(c) Service chaining', loopback, hop, `chain hop vs loopback: ${(hop.opsPerSecond / loopback.opsPerSecond).toFixed(2)}x faster  (aim: >= 3x)`);

  await dispatcher.close();
  await agent.close();
  await listener.close();
  upstream.close();
}
