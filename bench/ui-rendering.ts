import type { Browser, Page } from 'playwright-core';
import type { SpinscopeEvent } from '../runtime/api/events.js';
import { startBridge, type Bridge } from '../runtime/index.js';
import { launchChromium } from '../test/support/chromium.js';
import { RecordedSession } from './recorded-session.js';
import { EVENTS_PER_TRACE, ROWS_PER_TRACE, trafficEvents } from './traffic-events.js';

// The page-side code is kept as source text: it runs in Chromium, where the DOM's
// globals are, and this package is type-checked without them.

/** Resolves with the ms from the call until the list's count shows `rows` rows and a frame has been painted. */
const SHOW_ROWS = `async ({ rows }) => {
  const start = performance.now();
  await window.injectEvents();
  const counts = () => document.querySelector('[aria-label="Row counts"]')?.textContent ?? '';
  while (!counts().trim().startsWith(rows + ' of ' + rows + ' rows')) {
    if (performance.now() - start > 60000) throw new Error('the list still shows "' + counts().trim() + '", not ' + rows + ' rows');
    await new Promise((next) => requestAnimationFrame(next));
  }
  await new Promise((next) => requestAnimationFrame(next));
  return performance.now() - start;
}`;

/** Resolves with the intervals between `frames` animation frames, scrolling the list by `step` px each frame (0: idle). */
const FRAME_INTERVALS = `async ({ frames, step }) => {
  const list = document.querySelector('[role=treegrid]');
  const intervals = [];
  let last = await new Promise((next) => requestAnimationFrame(next));
  for (let i = 0; i < frames; i++) {
    if (step > 0) {
      list.scrollTop = (list.scrollTop + step) % Math.max(1, list.scrollHeight - list.clientHeight);
    }
    const now = await new Promise((next) => requestAnimationFrame(next));
    intervals.push(now - last);
    last = now;
  }
  return intervals;
}`;

/** Scrolls the list to its end, which turns follow mode on, and waits for a frame. */
const SCROLL_TO_END = `async () => {
  const list = document.querySelector('[role=treegrid]');
  list.scrollTop = list.scrollHeight;
  await new Promise((next) => requestAnimationFrame(next));
  await new Promise((next) => requestAnimationFrame(next));
}`;

/** Calls the page function `source` with `arg` in the page and resolves with its result. */
function runInPage<T>(page: Page, source: string, arg: object): Promise<T> {
  return page.evaluate<T>(`(${source})(${JSON.stringify(arg)})`);
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const percentile = (values: readonly number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/** Opens the inspector in a fresh page and waits for it to have loaded the history. */
async function openInspector(browser: Browser, bridge: Bridge, rows: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(bridge.openUrl);
  await page.getByRole('status', { name: 'Row counts' }).filter({ hasText: `${rows} of ${rows} rows` }).waitFor({ timeout: 120_000 });
  return page;
}

/** Time from injecting `events` events into an empty session until the list shows them all, median of `rounds`. */
async function timeToShow(browser: Browser, bridge: Bridge, session: RecordedSession, traces: number, rounds: number): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    session.store.clear();
    const page = await openInspector(browser, bridge, 0);
    const events = trafficEvents(traces, `show-${traces}-${round}`);
    await page.exposeFunction('injectEvents', () => {
      for (const event of events) session.store.publish(event);
    });
    times.push(await runInPage<number>(page, SHOW_ROWS, { rows: traces * ROWS_PER_TRACE }));
    await page.close();
  }
  return median(times);
}

/**
 * Publishes `events` into the store at `perSecond` events a second, a few every 10 ms, each
 * stamped with the time it is published (so it lands at the live end of the list); resolves
 * with how many went out once `stop` is called or the events run out.
 */
function publishSteadily(session: RecordedSession, events: readonly SpinscopeEvent[], perSecond: number): { stop: () => Promise<number> } {
  let sent = 0;
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.min(events.length, Math.floor(((performance.now() - started) / 1000) * perSecond));
    for (; sent < due; sent++) session.store.publish({ ...(events[sent] as SpinscopeEvent), time: Date.now() });
  }, 10);
  return {
    stop: async () => {
      clearInterval(timer);
      return sent;
    },
  };
}

/** A frame-interval sample as `median / p95`, and its p95 as a multiple of the idle page's p95 and of the 16.7 ms budget. */
function frameLine(label: string, intervals: readonly number[], idle: readonly number[]): string {
  const p95 = percentile(intervals, 0.95);
  return `${label.padEnd(44)} ${ms(median(intervals)).padStart(10)} / ${ms(p95).padStart(8)}   p95 ${(p95 / percentile(idle, 0.95)).toFixed(2)}x idle, ${(p95 / FRAME_BUDGET_MS).toFixed(2)}x budget`;
}

const FRAME_BUDGET_MS = 1000 / 60;
/** Live traffic's rate in the frame figure: events a second, about 33 requests with two calls each. */
const LIVE_EVENTS_PER_SECOND = 200;

/**
 * (d) The inspector in Chromium, over the real WebSocket bridge: how long 10,000 events
 * injected at once take to show (against 1,000, per event); then, on a 100,000-row list,
 * the frame interval idle (the baseline), while it scrolls, and while live traffic arrives
 * at 200 events a second with follow mode on, each against the idle page and the 16.7 ms
 * frame budget.
 */
export async function benchUiRendering(): Promise<void> {
  const session = new RecordedSession();
  const bridge = await startBridge({ session, port: 0 });
  const browser = await launchChromium();
  try {
    const small = await timeToShow(browser, bridge, session, Math.ceil(1_000 / EVENTS_PER_TRACE), 5);
    const large = await timeToShow(browser, bridge, session, Math.ceil(10_000 / EVENTS_PER_TRACE), 5);
    const smallEvents = Math.ceil(1_000 / EVENTS_PER_TRACE) * EVENTS_PER_TRACE;
    const largeEvents = Math.ceil(10_000 / EVENTS_PER_TRACE) * EVENTS_PER_TRACE;

    session.store.clear();
    const traces = Math.ceil(100_000 / ROWS_PER_TRACE);
    for (const event of trafficEvents(traces, 'scroll')) session.store.publish(event);
    const page = await openInspector(browser, bridge, traces * ROWS_PER_TRACE);
    const idle = await runInPage<number[]>(page, FRAME_INTERVALS, { frames: 120, step: 0 });
    const scrolling = await runInPage<number[]>(page, FRAME_INTERVALS, { frames: 300, step: 2_000 });
    // Back at the bottom, following, as a developer watching traffic is.
    await runInPage(page, SCROLL_TO_END, {});
    const live = publishSteadily(session, trafficEvents(2_000, 'live'), LIVE_EVENTS_PER_SECOND);
    const underTraffic = await runInPage<number[]>(page, FRAME_INTERVALS, { frames: 300, step: 0 });
    const published = await live.stop();
    await page.close();

    const rows = (traces * ROWS_PER_TRACE).toLocaleString('en-US');
    const idleFrame = median(idle);
    console.log('\n## (d) Inspector UI in Chromium');
    console.log(`${`show ${smallEvents.toLocaleString('en-US')} events injected at once`.padEnd(44)} ${ms(small).padStart(10)}`);
    console.log(`${`show ${largeEvents.toLocaleString('en-US')} events injected at once`.padEnd(44)} ${ms(large).padStart(10)}   ${(large / idleFrame).toFixed(1)} idle frames  (aim: < 300 ms)`);
    const perEvent = large / largeEvents / (small / smallEvents);
    console.log(`cost per event at 10,000 vs at 1,000: ${perEvent.toFixed(2)}x  (aim: <= 1.5x, no worse than linear)`);
    console.log(`${`${rows} rows, frame interval`.padEnd(44)} ${'median'.padStart(10)} / ${'p95'.padStart(8)}`);
    console.log(frameLine('  idle page (the baseline)', idle, idle));
    console.log(`${frameLine('  scrolling', scrolling, idle)}  (aim: <= 1x budget)`);
    console.log(`${frameLine(`  live traffic, ${LIVE_EVENTS_PER_SECOND} events/s, following`, underTraffic, idle)}  (aim: <= 2x budget)`);
    if (published < LIVE_EVENTS_PER_SECOND) console.log(`  (only ${published} live events went out while the frames were measured)`);
  } finally {
    await browser.close();
    await bridge.close();
  }
}
