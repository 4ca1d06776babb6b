import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { bridgeSocket } from '../test/support/bridge-socket-url.js';
import type { SpinscopeEvent } from '../runtime/api/events.js';
import { PACKAGE_ROOT, startBridge } from '../runtime/index.js';
import { encodeInSlices } from '../runtime/bridge/sliced-encoding.js';
import { RecordedSession } from './recorded-session.js';

const BODIES = 190;
const BODY_BYTES = 1_000_000;

// The client runs in a process of its own, so its parsing is not counted as the bridge's
// stall. It pages with the defaults, reading only each page's `next`.
const PAGING_CLIENT = `
const WebSocket = require('ws');
const [url, origin] = process.argv.slice(-2);
const socket = new WebSocket(url, { headers: { origin }, maxPayload: 2 ** 30 });
let id = 0, pages = 0, bytes = 0;
const ask = (after) => socket.send(JSON.stringify({ type: 'call', id: ++id, method: 'events', args: after === undefined ? [] : [{}, { after }] }));
socket.on('open', () => ask());
socket.on('message', (data) => {
  const message = JSON.parse(String(data));
  if (message.type !== 'result') throw new Error(String(data).slice(0, 500));
  pages++;
  bytes += data.length;
  if (message.value.next === undefined) { process.stdout.write(JSON.stringify({ pages, bytes })); socket.close(); }
  else ask(message.value.next);
});
`;

/**
 * (i) `events()` over a store holding 190 MB of captured bodies, the case: a client
 * pages through it over the real bridge while this process measures its event loop's
 * longest stall (what the app's own requests would wait), against encoding the same
 * events as one frame without yielding, as the bridge did before it paged.
 */
export async function benchEventPaging(): Promise<void> {
  const session = new RecordedSession();
  for (let index = 0; index < BODIES; index++) session.store.publish(bodyEvent(index));
  const bridge = await startBridge({ session, port: 0 });
  try {
    const started = performance.now();
    const { url, origin } = bridgeSocket(bridge.openUrl);
    const client = spawn(process.execPath, ['-e', PAGING_CLIENT, url, origin], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    // Only now: spawning blocks this thread for a moment of its own.
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    let output = '';
    client.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => client.once('exit', resolve));
    const pagingMs = performance.now() - started;
    delay.disable();
    if (code !== 0) throw new Error(`the paging client exited with ${code}: ${output}`);
    const { pages, bytes } = JSON.parse(output) as { pages: number; bytes: number };
    const stallMs = delay.max / 1e6;

    const oneFrameStarted = performance.now();
    let frame = '';
    const whole = { type: 'result' as const, id: 1, value: { events: session.store.events(), evicted: 0, evictedBytes: 0 } };
    await encodeInSlices(whole, { sliceMs: Number.POSITIVE_INFINITY, pieceChars: Number.POSITIVE_INFINITY, onPiece: (piece) => (frame = piece) });
    const oneFrameMs = performance.now() - oneFrameStarted;

    console.log(`\n## (i) events() over a store of ${BODIES} bodies of 1 MB, through the bridge`);
    console.log(`paged (defaults): ${pages} pages, ${(bytes / 1e6).toFixed(0)} MB in ${(pagingMs / 1000).toFixed(2)} s; longest event-loop stall ${stallMs.toFixed(1)} ms`);
    console.log(`one frame, no yielding: ${(frame.length / 1e6).toFixed(0)} MB, the event loop stalled ${oneFrameMs.toFixed(0)} ms`);
    console.log(`longest stall paged / one frame: ${(stallMs / oneFrameMs).toFixed(3)}x; paged stall vs a 16.7 ms frame: ${(stallMs / (1000 / 60)).toFixed(2)}x  (aim: <= 1x)`);
  } finally {
    await bridge.close();
  }
}

function bodyEvent(index: number): SpinscopeEvent {
  const captured = new Uint8Array(BODY_BYTES).fill(index % 251);
  return {
    kind: 'inbound.response',
    id: `body-${index}`,
    time: Date.now(),
    traceId: `trace-${index}`,
    component: 'web',
    status: 200,
    headers: [['content-type', 'application/octet-stream']],
    body: { captured, size: BODY_BYTES, truncated: false },
    timings: { start: 0, headers: 0, end: 0 },
  };
}
