import type { OutboundRule, OutboundRules, SpinscopeApi } from '../../runtime/api/contract.js';
import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import { LatestRequest } from './latest-request.js';
import { EMPTY_DRAFT, draftFromCall, draftFromRule, uniqueName, type DraftRefusal, type RuleDraft } from './rule-draft.js';
import { moveRule, putRule, removeRule, restoreRule, toggleRule } from './rule-list.js';
import { refusalOf } from './rule-refusal.js';
import type { RequestRow } from '../../runtime/traffic/traffic-row.js';

/** The rule form open in the rules view: the fields it starts from, and the name of the rule it edits (absent: a new rule). */
export interface OpenRuleForm {
  readonly draft: RuleDraft;
  readonly editing?: string;
}

/**
 * The outbound rules as the rules view shows them, and every change to them: each is
 * one `setOutboundRules` of the whole list, made from the list the runtime has now
 * (recording, or an edit of the file, may have changed it since it was shown).
 */
export class RulesEditor {
  current: OutboundRules | undefined = $state.raw();
  /** Why the rules could not be read. */
  loadError: string | undefined = $state();
  /** Why the last change from the list (a toggle, a move, a delete, the record switch) was refused. */
  actionError: string | undefined = $state();
  /** A change is under way. */
  busy = $state(false);
  form: OpenRuleForm | undefined = $state.raw();
  /** The rule the last delete removed, and where it stood, until it is undone or another is deleted. */
  deleted: { readonly rule: OutboundRule; readonly index: number } | undefined = $state.raw();

  readonly #api: SpinscopeApi;
  readonly #latest = new LatestRequest<OutboundRules>((rules) => (this.current = rules));

  constructor(api: SpinscopeApi) {
    this.#api = api;
  }

  /** Reads the rules again (the file may have changed, recording may have added some). */
  async refresh(): Promise<void> {
    try {
      await this.#latest.settle(this.#api.outboundRules());
      this.loadError = undefined;
    } catch (error) {
      this.loadError = problemMessage(error);
    }
  }

  setEnabled(name: string, enabled: boolean): Promise<void> {
    return this.#change((rules) => toggleRule(rules, name, enabled));
  }

  /** Moves the rule `name` up (-1) or down (1): the first enabled rule that matches a call acts on it. */
  move(name: string, by: number): Promise<void> {
    return this.#change((rules) => moveRule(rules, name, by));
  }

  async remove(name: string): Promise<void> {
    if (this.form?.editing === name) this.form = undefined;
    let removed: RulesEditor['deleted'];
    await this.#change((rules) => {
      const index = rules.findIndex((rule) => rule.name === name);
      removed = index < 0 ? undefined : { rule: rules[index]!, index };
      return removeRule(rules, name);
    });
    if (removed !== undefined && this.actionError === undefined) this.deleted = removed;
  }

  /** Puts the rule the last delete removed back where it stood. */
  async undoDelete(): Promise<void> {
    const deleted = this.deleted;
    if (deleted === undefined) return;
    await this.#change((rules) => restoreRule(rules, deleted.rule, deleted.index));
    if (this.actionError === undefined) this.deleted = undefined;
  }

  /** The record switch: while on, real upstream responses are saved as stub rules. */
  async setRecording(on: boolean): Promise<void> {
    await this.#attempt(() => this.#latest.settle(this.#api.setRuleRecording(on)));
  }

  /** Opens the form on a new rule, blank but for a name no rule has. */
  openNew(): void {
    this.form = { draft: { ...EMPTY_DRAFT, name: uniqueName('new rule', this.#names()) } };
  }

  /** Opens the form on the rule `name`. */
  openEdit(name: string): void {
    const rule = this.current?.rules.find((candidate) => candidate.name === name);
    if (rule !== undefined) this.form = { draft: draftFromRule(rule), editing: name };
  }

  closeForm(): void {
    this.form = undefined;
  }

  /** The form's start for a rule acting on calls like `row`'s (undefined for a denied call or no outbound call). */
  draftFromCall(row: RequestRow): RuleDraft | undefined {
    return draftFromCall(row, this.#names());
  }

  /**
   * Puts `rule` in force, in place of the rule named `replacing` or appended to the list.
   * Resolves to the runtime's refusal, with the field it is about when it names one
   * (nothing changed then), else to undefined and closes the form.
   */
  async save(rule: OutboundRule, replacing?: string): Promise<DraftRefusal | { readonly message: string } | undefined> {
    this.busy = true;
    try {
      const rules = (await this.#latest.settle(this.#api.outboundRules())).rules;
      await this.#latest.settle(this.#api.setOutboundRules(putRule(rules, rule, replacing)));
      this.form = undefined;
      return undefined;
    } catch (error) {
      return refusalOf(error);
    } finally {
      this.busy = false;
    }
  }

  async #change(edit: (rules: readonly OutboundRule[]) => readonly OutboundRule[]): Promise<void> {
    await this.#attempt(async () => {
      const rules = (await this.#latest.settle(this.#api.outboundRules())).rules;
      const next = edit(rules);
      if (next !== rules) await this.#latest.settle(this.#api.setOutboundRules(next));
    });
  }

  async #attempt(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.actionError = undefined;
    try {
      await action();
    } catch (error) {
      this.actionError = problemMessage(error);
    } finally {
      this.busy = false;
    }
  }

  #names(): string[] {
    return this.current?.rules.map((rule) => rule.name) ?? [];
  }
}
