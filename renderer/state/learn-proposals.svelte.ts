import type { LearnedHosts, ManifestEdit, SpinscopeApi } from '../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import { sameEntries, type LearnChoices } from './learn-diff.js';
import { LatestRequest } from './latest-request.js';
import { RefreshOnEvents } from './refresh-on-events.js';

/** How long after a relevant event the proposals are asked for again; events meanwhile ride along. */
export const LEARN_REFRESH_MS = 250;

// A new outbound call (or its denial) changes what a component needs; a load, reload or session edit changes what it has.
const CHANGES_PROPOSALS: ReadonlySet<SpinscopeEvent['kind']> = new Set(['outbound.request', 'outbound.denied', 'app.loaded', 'app.reloaded']);

/** A save to spin.toml shown before it is confirmed: the entries it writes, and the file's edit or why there is none. */
export type SaveReview = { readonly entries: readonly string[] } & ({ readonly edit: ManifestEdit } | { readonly problem: string });

/**
 * Learn mode, live: each component's least-privilege allowed_outbound_hosts from what it
 * called, asked for again as calls are recorded (at most once per {@link LEARN_REFRESH_MS}),
 * and the developer's choices, which outlive every refresh.
 */
export class LearnProposals {
  /** The latest proposals, one per component that called out; `undefined` until the first answer. */
  proposals: readonly LearnedHosts[] | undefined = $state.raw();
  /** Why the last refresh failed; cleared by the next one that works. */
  error: string | undefined = $state();
  /** Per component, the entries the developer ticked or unticked; the rest follow the proposal. */
  choices: Record<string, LearnChoices> = $state({});
  /** Per component, the save to spin.toml on screen for confirmation. */
  reviews: Readonly<Record<string, SaveReview>> = $state.raw({});

  readonly #api: SpinscopeApi;
  readonly #latest = new LatestRequest<readonly LearnedHosts[]>((proposals) => (this.proposals = proposals));
  readonly #follower: RefreshOnEvents;

  constructor(api: SpinscopeApi) {
    this.#api = api;
    this.#follower = new RefreshOnEvents(api, CHANGES_PROPOSALS, LEARN_REFRESH_MS, () => this.refresh());
  }

  /** Follows recorded events and loads the proposals. */
  connect(): Promise<void> {
    this.#follower.start();
    return this.refresh();
  }

  /** Stops following events; a refresh already asked for still lands. */
  disconnect(): void {
    this.#follower.stop();
  }

  /** Asks for the proposals now. */
  async refresh(): Promise<void> {
    try {
      await this.#latest.settle(this.#api.learnAllowedHosts());
      this.error = undefined;
    } catch (error) {
      this.error = problemMessage(error);
    }
  }

  /** Records that `entry` should (or should not) be in `component`'s list when the proposal is applied. */
  choose(component: string, entry: string, included: boolean): void {
    this.choices[component] = { ...this.choices[component], [entry]: included };
  }

  /** Forgets the developer's choices for `component`, once they are applied. */
  forget(component: string): void {
    delete this.choices[component];
  }

  /**
   * Shows what saving `entries` as `component`'s list would write into spin.toml. Resolves
   * to true when the review already on screen showed exactly that (the same entries, and
   * spin.toml unchanged since), so confirming it writes what the developer saw.
   */
  async review(component: string, entries: readonly string[]): Promise<boolean> {
    const shown = this.reviews[component];
    let review: SaveReview;
    try {
      review = { entries, edit: await this.#api.previewAllowedHosts(component, entries) };
    } catch (error) {
      review = { entries, problem: problemMessage(error) };
    }
    this.reviews = { ...this.reviews, [component]: review };
    return shown !== undefined && 'edit' in shown && 'edit' in review && sameEntries(shown.entries, entries) && shown.edit.before === review.edit.before && shown.edit.after === review.edit.after;
  }

  /** Takes `component`'s review off the screen. */
  closeReview(component: string): void {
    const { [component]: _closed, ...rest } = this.reviews;
    this.reviews = rest;
  }
}
