/**
 * What the window does when its page will not come up: a failed load is
 * reported (the app is useless without its window), a crashed renderer is
 * reloaded, but not forever. Pure, so the rules are tested without Electron.
 */
import { ERR_ABORTED } from './follow-renderer.js';

/** Crashes tolerated within {@link CRASH_WINDOW_MS}; one more and the window gives up. */
export const MAX_CRASH_RELOADS = 3;

/** The span {@link MAX_CRASH_RELOADS} counts over. */
export const CRASH_WINDOW_MS = 60_000;

/** Counts renderer crashes and says whether one more reload is reasonable. */
export class CrashReloads {
  #crashes: number[] = [];

  /** Records a crash at `now` (ms); false once too many came too close together. */
  shouldReload(now: number): boolean {
    this.#crashes = [...this.#crashes.filter((time) => now - time < CRASH_WINDOW_MS), now];
    return this.#crashes.length <= MAX_CRASH_RELOADS;
  }
}

/**
 * The message for a rejected `webContents.loadURL`, or undefined when the load
 * was only superseded by another navigation (`ERR_ABORTED`), which reports itself.
 * Electron rejects with an Error carrying `errno`, `code` and `url`.
 */
export function loadFailureMessage(error: unknown, url: string): string | undefined {
  const { errno, code } = (typeof error === 'object' && error !== null ? error : {}) as { errno?: unknown; code?: unknown };
  if (errno === ERR_ABORTED) return undefined;
  const reason = typeof code === 'string' ? `${code}${typeof errno === 'number' ? ` (${errno})` : ''}` : error instanceof Error ? error.message : String(error);
  return `Spinscope could not show its window: loading ${url} failed with ${reason}, so it quits.`;
}

/** The message when the renderer keeps crashing; `reason` is Electron's `RenderProcessGoneDetails.reason`. */
export function crashLoopMessage(reason: string): string {
  return `The Spinscope window crashed ${MAX_CRASH_RELOADS + 1} times within ${CRASH_WINDOW_MS / 1000} s (last: ${reason}), so Spinscope stops reloading it and quits.`;
}
