import type { ManifestEdit, SpinscopeApi } from '../../runtime/api/contract.js';
import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import { sameEntries } from './learn-diff.js';

/** A save to spin.toml shown before it is confirmed: the entries it writes, and the file's edit or why there is none. */
export type SaveReview = { readonly entries: readonly string[] } & ({ readonly edit: ManifestEdit } | { readonly problem: string });

/**
 * Per component, the save of an allowed_outbound_hosts list to spin.toml on screen for
 * confirmation, for the views that save a list they proposed (learn mode, the what-if).
 */
export class SaveReviews {
  reviews: Readonly<Record<string, SaveReview>> = $state.raw({});

  readonly #previewApi: SpinscopeApi;

  constructor(api: SpinscopeApi) {
    this.#previewApi = api;
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
      review = { entries, edit: await this.#previewApi.previewAllowedHosts(component, entries) };
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
