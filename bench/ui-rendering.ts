import type { Browser, Page } from 'playwright-core';
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
 * (d) The inspector in Chromium, over the real WebSocket bridge: how long 10,000 events
 * injected at once take to show (against 1,000, per event), and the frame interval
 * while a 100,000-row list scrolls (against the same page idle, and the 16.7 ms budget).
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
    console.log('\n## (d) Inspector UI in Chromium');
    console.log(`${`show ${smallEvents.toLocaleString('en-US')} events injected at once`.padEnd(44)} ${ms(small).padStart(10)}`);
    console.log(`${`show ${largeEvents.toLocaleString('en-US')} events injected at once`.padEnd(44)} ${ms(large).padStart(10)}`);
    const perEvent = large / largeEvents / (small / smallEvents);
    console.log(`cost per event at 10,000 vs at 1,000: ${perEvent.toFixed(2)}x  (aim: <= 1.5x, no worse than linear)`);

    session.store.clear();
    const traces = Math.ceil(100_000 / ROWS_PER_TRACE);
    for (const event of trafficEvents(traces, 'scroll')) session.store.publish(event);
    const page = await openInspector(browser, bridge, traces * ROWS_PER_TRACE);
    const idle = await runInPage<number[]>(page, FRAME_INTERVALS, { frames: 120, step: 0 });
    const scrolling = await runInPage<number[]>(page, FRAME_INTERVALS, { frames: 300, step: 2_000 });
    await page.close();
    const rows = (traces * ROWS_PER_TRACE).toLocaleString('en-US');
    console.log(`${'idle page, frame interval (median / p95)'.padEnd(44)} ${ms(median(idle)).padStart(10)} / ${ms(percentile(idle, 0.95))}`);
    console.log(`${`scrolling ${rows} rows (median / p95)`.padEnd(44)} ${ms(median(scrolling)).padStart(10)} / ${ms(percentile(scrolling, 0.95))}`);
    console.log(
      `scroll frame vs idle frame: ${(median(scrolling) / median(idle)).toFixed(2)}x median, ${(percentile(scrolling, 0.95) / percentile(idle, 0.95)).toFixed(2)}x p95; ` +
        `p95 is ${(percentile(scrolling, 0.95) / (1000 / 60)).toFixed(2)}x the 16.7 ms budget  (aim: <= 1x)`,
    );
  } finally {
    await browser.close();
    await bridge.close();
  }
}
