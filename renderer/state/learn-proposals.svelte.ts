import type { LearnedHosts, SpinscopeApi } from '../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../runtime/api/events.js';
import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import type { LearnChoices } from './learn-diff.js';
import { LatestRequest } from './latest-request.js';
import { RefreshOnEvents } from './refresh-on-events.js';
import { SaveReviews } from './save-reviews.svelte.js';

/** How long after a relevant event the proposals are asked for again; events meanwhile ride along. */
export const LEARN_REFRESH_MS = 250;

// A new outbound call (or its denial) changes what a component needs; a load, reload or session edit changes what it has.
const CHANGES_PROPOSALS: ReadonlySet<SpinscopeEvent['kind']> = new Set(['outbound.request', 'outbound.denied', 'app.loaded', 'app.reloaded']);

/**
 * Learn mode, live: each component's least-privilege allowed_outbound_hosts from what it
 * called, asked for again as calls are recorded (at most once per {@link LEARN_REFRESH_MS}),
 * and the developer's choices, which outlive every refresh.
 */
export class LearnProposals extends SaveReviews {
  /** The latest proposals, one per component that called out; `undefined` until the first answer. */
  proposals: readonly LearnedHosts[] | undefined = $state.raw();
  /** Why the last refresh failed; cleared by the next one that works. */
  error: string | undefined = $state();
  /** Per component, the entries the developer ticked or unticked; the rest follow the proposal. */
  choices: Record<string, LearnChoices> = $state({});

  readonly #api: SpinscopeApi;
  readonly #latest = new LatestRequest<readonly LearnedHosts[]>((proposals) => (this.proposals = proposals));
  readonly #follower: RefreshOnEvents;

  constructor(api: SpinscopeApi) {
    super(api);
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
}
