import type { ComponentAudit, SpinscopeApi, WhatIfResult } from '../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import { LatestRequest } from './latest-request.js';
import { RefreshOnEvents } from './refresh-on-events.js';
import { SaveReviews } from './save-reviews.svelte.js';

/** How long after a relevant event the audit and open what-ifs are asked for again; events meanwhile ride along. */
export const INSIGHT_REFRESH_MS = 250;

// A new call (or its outcome, which says which entry allowed it) changes both; a load, reload or session edit changes the lists.
const CHANGES_INSIGHT: ReadonlySet<SpinscopeEvent['kind']> = new Set([
  'outbound.request',
  'outbound.denied',
  'outbound.response',
  'outbound.error',
  'host.unsupported',
  'app.loaded',
  'app.reloaded',
]);

/** A what-if on screen: the draft list as typed, and what it would change (or why it cannot be checked). */
export interface WhatIfDraft {
  readonly text: string;
  readonly result?: WhatIfResult;
  readonly problem?: string;
}

/** The entries of a draft: one per line, trimmed, blank lines left out. */
export function draftEntries(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * Policy what-if and audit, live: each component's audit, and for each component with a
 * what-if open, its draft list and the recorded calls whose decision the draft would
 * change, asked for again as the draft is edited and as calls are recorded (at most once
 * per {@link INSIGHT_REFRESH_MS}). Nothing here applies a list.
 */
export class PolicyInsight extends SaveReviews {
  /** The latest audit, one per component in manifest order; `undefined` until the first answer. */
  audits: readonly ComponentAudit[] | undefined = $state.raw();
  /** Why the last audit failed; cleared by the next one that works. */
  error: string | undefined = $state();
  /** Per component, the open what-if. */
  drafts: Readonly<Record<string, WhatIfDraft>> = $state.raw({});

  readonly #api: SpinscopeApi;
  readonly #audits = new LatestRequest<readonly ComponentAudit[]>((audits) => (this.audits = audits));
  readonly #whatIfs = new Map<string, LatestRequest<WhatIfDraft>>();
  readonly #follower: RefreshOnEvents;

  constructor(api: SpinscopeApi) {
    super(api);
    this.#api = api;
    this.#follower = new RefreshOnEvents(api, CHANGES_INSIGHT, INSIGHT_REFRESH_MS, () => this.refresh());
  }

  /** Follows recorded events and loads the audit. */
  connect(): Promise<void> {
    this.#follower.start();
    return this.refresh();
  }

  /** Stops following events; a refresh already asked for still lands. */
  disconnect(): void {
    this.#follower.stop();
  }

  /** Asks for the audit and every open what-if now. */
  async refresh(): Promise<void> {
    const whatIfs = Object.entries(this.drafts).map(([component, draft]) => this.edit(component, draft.text));
    try {
      await this.#audits.settle(this.#api.auditAllowedHosts());
      this.error = undefined;
    } catch (error) {
      this.error = problemMessage(error);
    }
    await Promise.all(whatIfs);
  }

  /** Shows `component`'s draft as `text` and asks what it would change. */
  async edit(component: string, text: string): Promise<void> {
    this.drafts = { ...this.drafts, [component]: { ...this.drafts[component], text } };
    const latest = this.#whatIfs.get(component) ?? new LatestRequest<WhatIfDraft>((draft) => this.#show(component, draft));
    this.#whatIfs.set(component, latest);
    await latest.settle(this.#whatIf(component, text));
  }

  /** Takes `component`'s what-if, and any save review of it, off the screen. */
  close(component: string): void {
    const { [component]: _closed, ...rest } = this.drafts;
    this.drafts = rest;
    this.#whatIfs.delete(component);
    this.closeReview(component);
  }

  async #whatIf(component: string, text: string): Promise<WhatIfDraft> {
    try {
      return { text, result: await this.#api.whatIfAllowedHosts(component, draftEntries(text)) };
    } catch (error) {
      return { text, problem: problemMessage(error) };
    }
  }

  // An answer lands only while its what-if is open, and only for the text it was asked for.
  #show(component: string, answer: WhatIfDraft): void {
    const open = this.drafts[component];
    if (open === undefined || open.text !== answer.text) return;
    this.drafts = { ...this.drafts, [component]: answer };
  }
}
