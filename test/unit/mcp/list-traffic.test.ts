import { describe, expect, it } from 'vitest';
import { listTraffic } from '../../../runtime/mcp/traffic-tools.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { exampleTrace, reloadEvent } from '../renderer/sample-events.js';

function tree(): TrafficTree {
  const traffic = new TrafficTree();
  traffic.add([...exampleTrace('a'), ...exampleTrace('b', 1_700_000_010_000), reloadEvent('r', { trigger: 'session', actor: 'agent', changes: { policies: ['frontend'] } })]);
  return traffic;
}

interface Listed {
  readonly total: number;
  readonly matching: number;
  readonly rows: readonly { id: string; depth: number; kind: string; status: string; suggestion?: string }[];
  readonly problems?: readonly string[];
  readonly noMatch?: readonly string[];
}

const listed = (query: string, limit = 50): Listed => listTraffic(tree(), query, limit).structuredContent as unknown as Listed;

describe('listTraffic', () => {
  it('matches rows with the inspector\'s filter language, nested as in its list', () => {
    const { rows, matching } = listed('decision:denied');
    expect(matching).toBe(2);
    expect(rows.map((row) => [row.id, row.kind, row.status, row.depth, row.suggestion])).toEqual([
      ['a-blocked', 'denied', 'DENIED', 1, 'https://blocked.example.test'],
      ['b-blocked', 'denied', 'DENIED', 1, 'https://blocked.example.test'],
    ]);
  });

  it('shows the most recent matches up to the limit, and says how many matched', () => {
    const result = listTraffic(tree(), 'kind:inbound', 1);
    expect((result.structuredContent as unknown as Listed).rows.map((row) => row.id)).toEqual(['b-backend-in']);
    expect((result.content[0] as { text: string }).text).toMatch(/^4 of \d+ rows match "kind:inbound"; the last 1 shown/);
  });

  it('says which term excludes everything', () => {
    expect(listed('component:frontend status:418').noMatch).toEqual([expect.stringMatching(/^`status:418` matches none of \d+ rows; without it \d+ rows match$/)]);
  });

  it('reports a term it cannot use, and leaves it out', () => {
    const { problems, matching, total } = listed('kind:denied');
    expect(problems).toEqual([expect.stringMatching(/^error: .*kind/)]);
    expect(matching).toBe(total);
  });

  it('lists an agent\'s reload as the agent\'s', () => {
    expect(listTraffic(tree(), 'kind:reload', 5).content[0]).toMatchObject({ text: expect.stringContaining('RELOAD session change, by agent: allowed_outbound_hosts of frontend -> OK') });
  });
});
