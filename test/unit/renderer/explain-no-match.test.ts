import { describe, expect, it } from 'vitest';
import { describeNoMatchReason, explainNoMatch } from '../../../runtime/traffic/filter/explain-no-match.js';
import { parseFilter } from '../../../runtime/traffic/filter/parse-filter.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { exampleTrace } from './sample-events.js';

function explain(query: string): string[] {
  const tree = new TrafficTree();
  tree.add([...exampleTrace('a'), ...exampleTrace('b', 1_700_000_100_000)]);
  const explanation = explainNoMatch(parseFilter(query), tree.allRows());
  return explanation.reasons.map((reason) => describeNoMatchReason(reason, explanation.rows));
}

describe('why a filter matches nothing', () => {
  it('names the term that matches no row, and how many rows the others leave', () => {
    expect(explain('status:404')).toEqual(['`status:404` matches none of 10 rows']);
    expect(explain('kind:inbound status:404')).toEqual(['`status:404` matches none of 10 rows; without it 4 rows match']);
    expect(explain('-method:GET component:backend')).toEqual(['`-method:GET` matches none of 10 rows; without it 4 rows match']);
  });

  it('names every term that matches nothing by itself', () => {
    expect(explain('status:404 method:POST')).toEqual(['`status:404` matches none of 10 rows; without it 0 rows match', '`method:POST` matches none of 10 rows; without it 0 rows match']);
  });

  it('when each term matches some rows but not together, names the one whose removal brings most back', () => {
    expect(explain('decision:denied kind:inbound')).toEqual([
      '`decision:denied` matches 2 of 10 rows, but none that the other terms match; without it 4 rows match',
      '`kind:inbound` matches 4 of 10 rows, but none that the other terms match; without it 2 rows match',
    ]);
  });

  it('gives no single culprit when only dropping two terms would help', () => {
    expect(explain('decision:denied kind:inbound kind:chain')).toEqual([]);
  });

  it('says "1 row" in the singular', () => {
    const tree = new TrafficTree();
    tree.add(exampleTrace('a'));
    const explanation = explainNoMatch(parseFilter('decision:denied status:200'), tree.allRows());
    expect(explanation.reasons.map((reason) => describeNoMatchReason(reason, explanation.rows))).toEqual([
      '`decision:denied` matches 1 of 5 rows, but none that the other terms match; without it 4 rows match',
      '`status:200` matches 4 of 5 rows, but none that the other terms match; without it 1 row matches',
    ]);
  });
});
