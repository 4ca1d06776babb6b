import { describe, expect, it } from 'vitest';
import type { OutboundRule, OutboundRules } from '../../../runtime/api/contract.js';
import { RulesEditor } from '../../../renderer/state/rules-editor.svelte.js';
import { UnusedApi } from './unused-api.js';

const rule = (name: string, enabled = true): OutboundRule => ({ name, enabled, match: { url: `http://${name}.test` }, action: { kind: 'pass' } });

/** The rules half of SpinscopeApi over an in-memory list, refusing a list with two rules of one name as the loader would. */
class RulesApi extends UnusedApi {
  rules: readonly OutboundRule[] = [rule('a'), rule('b')];
  recording = false;
  readonly sets: (readonly string[])[] = [];

  override async outboundRules(): Promise<OutboundRules> {
    return { file: '/app/.spinscope/rules.toml', rules: this.rules, recording: this.recording };
  }
  override async setOutboundRules(rules: readonly OutboundRule[]): Promise<OutboundRules> {
    const names = rules.map((each) => each.name);
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) throw { code: 'SPINSCOPE_RULES', name: 'RulesError', message: `two rules are named "${twice}"` };
    this.sets.push(names);
    this.rules = rules;
    return this.outboundRules();
  }
  override async setRuleRecording(on: boolean): Promise<OutboundRules> {
    this.recording = on;
    return this.outboundRules();
  }
}

describe('the rules editor', () => {
  it('edits the list the runtime has now, not the one on screen: a rule recorded meanwhile stays', async () => {
    const api = new RulesApi();
    const editor = new RulesEditor(api);
    await editor.refresh();
    api.rules = [...api.rules, rule('recorded')];
    await editor.move('recorded', -1);
    expect(api.sets).toEqual([['a', 'recorded', 'b']]);
    expect(editor.current?.rules.map((each) => each.name)).toEqual(['a', 'recorded', 'b']);
    await editor.setEnabled('a', false);
    await editor.remove('b');
    expect(api.rules).toEqual([rule('a', false), rule('recorded')]);
  });

  it('saves a new rule at the end and an edited one in its place, closing the form', async () => {
    const api = new RulesApi();
    const editor = new RulesEditor(api);
    await editor.refresh();
    editor.openEdit('a');
    expect(editor.form).toMatchObject({ editing: 'a', draft: { name: 'a', url: 'http://a.test', action: 'pass' } });
    expect(await editor.save(rule('a2'), 'a')).toBeUndefined();
    expect(editor.form).toBeUndefined();
    expect(await editor.save(rule('c'))).toBeUndefined();
    expect(api.rules.map((each) => each.name)).toEqual(['a2', 'b', 'c']);
  });

  it('hands back the runtime’s refusal with the field it names, and keeps the form open', async () => {
    const api = new RulesApi();
    const editor = new RulesEditor(api);
    await editor.refresh();
    editor.openNew();
    expect(editor.form?.draft.name).toBe('new rule');
    expect(await editor.save(rule('b'))).toEqual({ field: 'name', message: 'two rules are named "b"' });
    expect(editor.form).toBeDefined();
    expect(api.rules.map((each) => each.name)).toEqual(['a', 'b']);
  });

  it('switches recording and says why a change was refused', async () => {
    const api = new RulesApi();
    const editor = new RulesEditor(api);
    await editor.setRecording(true);
    expect(editor.current?.recording).toBe(true);
    api.setOutboundRules = async () => {
      throw { code: 'SPINSCOPE_RULES', name: 'RulesError', message: 'cannot write .spinscope/rules.toml' };
    };
    await editor.setEnabled('a', false);
    expect(editor.actionError).toBe('cannot write .spinscope/rules.toml');
    expect(editor.busy).toBe(false);
  });
});
