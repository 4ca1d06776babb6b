import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { applySuggestion, suggestFilter } from '../../../renderer/filter/filter-suggestions.js';
import { FilterVocabulary } from '../../../renderer/filter/filter-vocabulary.js';
import { parseFilter } from '../../../runtime/traffic/filter/parse-filter.js';
import { rowRule } from '../../../runtime/traffic/row-rule.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { visibleRows } from '../../../renderer/state/visible-rows.js';
import { exampleTrace } from './sample-events.js';

// The example's call to its API answered by a stub rule (its events say so), the chained call delayed by another.
const events: SpinscopeEvent[] = exampleTrace('a').map((event) => {
  if (event.id === 'a-api' || event.id === 'a-api-res') return { ...event, rule: { name: 'api stub', action: 'stub' } } as SpinscopeEvent;
  if (event.id === 'a-chain-res') return { ...event, rule: { name: 'slow', action: 'delay' } } as SpinscopeEvent;
  return event;
});

function shown(query: string): string[] {
  const tree = new TrafficTree();
  tree.add(events);
  return visibleRows(tree, parseFilter(query), new Set()).filter(({ matches }) => matches).map(({ row }) => row.id);
}

describe('the rule: filter key', () => {
  it('keeps the calls a rule acted on, by name (quoted when it has a space), any rule, or none', () => {
    expect(shown('rule:any')).toEqual(['a-chain', 'a-api']);
    expect(shown('rule:"API STUB"')).toEqual(['a-api']);
    expect(shown('rule:slow,nothing')).toEqual(['a-chain']);
    expect(shown('-rule:any')).toEqual(['a-in', 'a-backend-in', 'a-blocked']);
  });

  it('reads the rule from the request or, when only the outcome names it, the outcome', () => {
    const tree = new TrafficTree();
    tree.add(events);
    expect(rowRule(tree.get('a-api')!)).toEqual({ name: 'api stub', action: 'stub' });
    expect(rowRule(tree.get('a-chain')!)).toEqual({ name: 'slow', action: 'delay' });
    expect(rowRule(tree.get('a-in')!)).toBeUndefined();
  });

  it('suggests any and the rules that acted this session, a name with a space in quotes', () => {
    const vocabulary = new FilterVocabulary();
    vocabulary.add(events);
    const completion = suggestFilter('rule:', 5, { vocabulary, components: [] });
    expect(completion.suggestions.map((suggestion) => suggestion.text)).toEqual(['any', '"api stub"', 'slow']);
    expect(suggestFilter('rule:ap', 7, { vocabulary, components: [] }).suggestions.map((suggestion) => suggestion.text)).toEqual(['"api stub"']);
    const picked = applySuggestion('rule:ap', suggestFilter('rule:ap', 7, { vocabulary, components: [] }), { text: '"api stub"', detail: '', complete: true });
    expect(shown(picked.text)).toEqual(['a-api']);
    expect(suggestFilter('ru', 2, { vocabulary, components: [] }).suggestions.map((suggestion) => suggestion.text)).toEqual(['rule:']);
  });
});
