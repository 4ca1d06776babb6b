import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { SpinscopeApi } from '../runtime/api/contract.js';
import { startBridge } from '../runtime/index.js';
import { attachBridge, createSpinscopeMcp } from '../runtime/mcp/index.js';
import { recordedEvents } from '../runtime/mcp/recorded-events.js';
import { compareAsync } from './measure.js';
import { RecordedSession } from './recorded-session.js';
import { EVENTS_PER_TRACE, trafficEvents } from './traffic-events.js';

const EVENTS = 10_000;
const FILTER = 'decision:denied';

/**
 * (l) spinscope mcp's `list_traffic` over 10,000 recorded events, against the bridge's
 * `events()` paging through the same events in the same run (what the inspector pays to
 * read them): the tool, called by the SDK's client over an in-memory transport, reads
 * every event through the API, folds them into the inspector's rows, filters them with
 * its filter language and answers the latest 50 matches. Once over the session in
 * process (`spinscope mcp DIR`), once attached to the bridge (`spinscope mcp --attach`).
 */
export async function benchMcpTraffic(): Promise<void> {
  const session = new RecordedSession();
  for (const event of trafficEvents(Math.ceil(EVENTS / EVENTS_PER_TRACE), 'mcp')) session.store.publish(event);
  const events = session.store.events().length;
  const bridge = await startBridge({ session, port: 0 });
  const attached = await attachBridge(bridge.openUrl, undefined);
  const inProcess = await mcpClient(session);
  const overBridge = await mcpClient(attached);
  try {
    const bridgeEvents = { name: 'bridge events()', run: () => recordedEvents(attached) };
    const listTraffic = (client: Client) => async () => {
      const result = await client.callTool({ name: 'list_traffic', arguments: { filter: FILTER } });
      if (result.isError === true) throw new Error(JSON.stringify(result.content));
    };
    const [baseline, local] = await compareAsync(bridgeEvents, { name: 'list_traffic, in process', run: listTraffic(inProcess.client) }, 5, 1000);
    const [baselineAgain, remote] = await compareAsync(bridgeEvents, { name: 'list_traffic, attached', run: listTraffic(overBridge.client) }, 5, 1000);
    console.log(`\n## (l) spinscope mcp: list_traffic "${FILTER}" over ${events.toLocaleString('en-US')} recorded events`);
    for (const [measured, against] of [[local, baseline], [remote, baselineAgain]] as const) {
      console.log(`${measured.name}: ${(1000 / measured.opsPerSecond).toFixed(0)} ms a call; bridge events() ${(1000 / against.opsPerSecond).toFixed(0)} ms: ${(against.opsPerSecond / measured.opsPerSecond).toFixed(2)}x the time  (aim: <= 1.5x)`);
    }
  } finally {
    await inProcess.close();
    await overBridge.close();
    attached.close();
    await bridge.close();
  }
}

async function mcpClient(api: SpinscopeApi): Promise<{ client: Client; close: () => Promise<void> }> {
  const served = createSpinscopeMcp(api, { version: 'bench', allowWrites: false, log: (line) => console.error(line) });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await served.server.connect(serverSide);
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(clientSide);
  return { client, close: async () => { await client.close(); await served.close(); } };
}
