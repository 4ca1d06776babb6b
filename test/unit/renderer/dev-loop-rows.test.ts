import { describe, expect, it } from 'vitest';
import type { AppFailedEvent } from '../../../runtime/api/events.js';
import { describeTrigger, reloadSummary } from '../../../runtime/traffic/reload-summary.js';
import { parseFilter } from '../../../runtime/traffic/filter/parse-filter.js';
import { compileFilter } from '../../../runtime/traffic/row-filter.js';
import { rowDuration, rowStatus, type BuildRow, type ReloadRow, type TrafficRow } from '../../../runtime/traffic/traffic-row.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { visibleRows } from '../../../renderer/state/visible-rows.js';
import { buildTrace, exampleTrace, reloadEvent } from './sample-events.js';

const MANIFEST = '/app/spin.toml';

/** The `status:` words a row passes. */
function statusWords(row: TrafficRow): string[] {
  return ['1xx', '2xx', '3xx', '4xx', '5xx', 'failed', 'pending'].filter((word) => compileFilter(parseFilter(`status:${word}`))(row));
}

describe('reload rows', () => {
  it.each([
    ['a spin.toml edit to a policy', reloadEvent('r', { files: [MANIFEST], changes: { policies: ['backend'] } }), 'spin.toml: allowed_outbound_hosts of backend'],
    ['a rebuilt component', reloadEvent('r', { files: ['/app/src/index.js'], changes: { restarted: ['frontend'] } }), 'index.js: component frontend rebuilt'],
    [
      'a new wasm file that also moved a route',
      reloadEvent('r', { files: ['C:\\app\\target\\frontend.wasm'], changes: { restarted: ['frontend', 'backend'], routes: true } }),
      'frontend.wasm: components frontend, backend restarted; routes',
    ],
    ['a removed component', reloadEvent('r', { files: [MANIFEST], changes: { removed: ['old'] } }), 'spin.toml: component old removed'],
    ['a restart that changed nothing', reloadEvent('r', { trigger: 'restart' }), 'restart: nothing changed'],
    ['a session change', reloadEvent('r', { trigger: 'session', changes: { policies: ['frontend'] } }), 'session change: allowed_outbound_hosts of frontend'],
    [
      'allowed_outbound_hosts saved from the inspector',
      reloadEvent('r', { trigger: 'restart', files: [MANIFEST], changes: { policies: ['frontend'] } }),
      'spin.toml: allowed_outbound_hosts of frontend',
    ],
    ['an agent\'s session change', reloadEvent('r', { trigger: 'session', actor: 'agent', changes: { policies: ['frontend'] } }), 'session change, by agent: allowed_outbound_hosts of frontend'],
    [
      'an agent\'s save',
      reloadEvent('r', { trigger: 'restart', actor: 'agent', files: [MANIFEST], changes: { policies: ['frontend'] } }),
      'spin.toml, by agent: allowed_outbound_hosts of frontend',
    ],
  ])('says what set off %s and what changed', (_case, event, summary) => {
    expect(reloadSummary(event)).toBe(summary);
  });

  it('tells a Restart from a save to spin.toml, both restart reloads', () => {
    expect(describeTrigger(reloadEvent('r', { trigger: 'restart' }))).toBe('Restart');
    expect(describeTrigger(reloadEvent('r', { trigger: 'restart', files: [MANIFEST] }))).toBe('allowed_outbound_hosts saved to spin.toml from the inspector');
    expect(describeTrigger(reloadEvent('r', { files: [MANIFEST] }))).toBe('a watched file changed');
  });

  it('says which changes an agent made through spinscope mcp', () => {
    expect(describeTrigger(reloadEvent('r', { trigger: 'restart', actor: 'agent' }))).toBe('Restart by an agent (spinscope mcp)');
    expect(describeTrigger(reloadEvent('r', { trigger: 'restart', actor: 'agent', files: [MANIFEST] }))).toBe('allowed_outbound_hosts saved to spin.toml by an agent (spinscope mcp)');
    expect(describeTrigger(reloadEvent('r', { trigger: 'session', actor: 'agent' }))).toBe('a session change to allowed_outbound_hosts by an agent (spinscope mcp) (not saved to spin.toml)');
  });

  it('stands at the root where the reload started, with its duration and the components it changed', () => {
    const tree = new TrafficTree();
    tree.add([...exampleTrace('a'), reloadEvent('r', { time: 1_700_000_001_000, durationMs: 12.5, files: [MANIFEST], changes: { policies: ['backend'], restarted: ['frontend'] } })]);
    const row = tree.get('r') as ReloadRow;
    expect(tree.roots.map((root) => root.id)).toEqual(['a-in', 'r']);
    expect(row).toMatchObject({ kind: 'reload', method: 'RELOAD', time: 1_700_000_000_988, component: 'frontend, backend', components: ['frontend', 'backend'] });
    expect(row.url).toBe('spin.toml: component frontend restarted; allowed_outbound_hosts of backend');
    expect(rowStatus(row)).toBe('OK');
    expect(rowDuration(row)).toBe(12.5);
    expect(statusWords(row)).toEqual([]);
  });

  it('shows a failed reload as a FAILED row with the first line of its error', () => {
    const failed: AppFailedEvent = {
      kind: 'app.failed',
      id: 'f',
      time: 5,
      traceId: 'trace-f',
      error: { code: 'SPINSCOPE_MANIFEST', name: 'ManifestError', message: '/app/spin.toml:3:1: unclosed table\nsee the manifest reference' },
    };
    const tree = new TrafficTree();
    tree.add([failed]);
    const row = tree.get('f') as ReloadRow;
    expect(row.url).toBe('failed: /app/spin.toml:3:1: unclosed table');
    expect(rowStatus(row)).toBe('FAILED');
    expect(statusWords(row)).toEqual(['failed']);
  });

  it('makes no row for app.loaded', () => {
    const tree = new TrafficTree();
    tree.add([{ kind: 'app.loaded', id: 'l', time: 1, traceId: 't', app: 'a', components: [] }]);
    expect(tree.size).toBe(0);
  });
});

describe('build rows', () => {
  it('streams output lines into the build row as they arrive, each line a new row version', () => {
    const tree = new TrafficTree();
    const [started, ...rest] = buildTrace('b', ['compiling', 'err:warning: unused'], null);
    tree.add([started!]);
    const running = tree.get('b-started') as BuildRow;
    expect(running).toMatchObject({ kind: 'build', method: 'BUILD', component: 'frontend', url: 'node -e "build()"', output: [] });
    expect(rowStatus(running)).toBeUndefined();
    expect(statusWords(running)).toEqual(['pending']);

    tree.add([rest[0]!]);
    const afterOne = tree.get('b-started') as BuildRow;
    expect(afterOne).not.toBe(running);
    tree.add([rest[1]!]);
    expect((tree.get('b-started') as BuildRow).output.map(({ stream, line }) => `${stream} ${line}`)).toEqual(['stdout compiling', 'stderr warning: unused']);
  });

  it('ends a failed build as FAILED with its exit code and duration', () => {
    const tree = new TrafficTree();
    tree.add(buildTrace('b', ['compiling', 'err:src/index.js:3: boom'], 1));
    const row = tree.get('b-started') as BuildRow;
    expect(rowStatus(row)).toBe('FAILED');
    expect(row.finished).toMatchObject({ ok: false, exitCode: 1 });
    expect(rowDuration(row)).toBe(400);
    expect(statusWords(row)).toEqual(['failed']);
    expect(tree.size).toBe(1);
  });

  it('folds the same build whatever order its events arrive in', () => {
    const inOrder = new TrafficTree();
    inOrder.add(buildTrace('b', ['one', 'two'], 0));
    const reversed = new TrafficTree();
    reversed.add([...buildTrace('b', ['one', 'two'], 0)].reverse());
    const row = reversed.get('b-started') as BuildRow;
    expect(rowStatus(row)).toBe('OK');
    expect(row.output.map((line) => line.line).sort()).toEqual(['one', 'two']);
    expect(reversed.size).toBe(inOrder.size);
  });
});

describe('filtering reloads and builds', () => {
  function shown(query: string): string[] {
    const tree = new TrafficTree();
    tree.add([
      ...exampleTrace('a'),
      reloadEvent('r', { files: [MANIFEST], changes: { policies: ['backend'] } }),
      ...buildTrace('ok', ['fine'], 0),
      ...buildTrace('bad', ['err:boom'], 1, 1_700_000_003_000),
    ]);
    return visibleRows(tree, parseFilter(query), new Set()).filter(({ matches }) => matches).map(({ row }) => row.id);
  }

  it('has a kind of its own for reloads and for builds', () => {
    expect(shown('kind:reload')).toEqual(['r']);
    expect(shown('kind:build')).toEqual(['ok-started', 'bad-started']);
  });

  it('lists a reload under every component it changed', () => {
    expect(shown('component:backend')).toEqual(['a-backend-in', 'a-api', 'r']);
    expect(shown('component:frontend')).toContain('ok-started');
  });

  it('counts a failed build as failed and as an error, and leaves successful ones out of every HTTP status class', () => {
    expect(shown('status:failed')).toEqual(['a-blocked', 'bad-started']);
    expect(shown('has-error')).toEqual(['bad-started']);
    expect(shown('status:2xx')).not.toContain('r');
  });

  it('hides reloads and builds behind a method or host filter, and finds them by text', () => {
    expect(shown('method:GET')).toHaveLength(5);
    expect(shown('host:127.0.0.1')).toEqual(['a-in', 'a-api']);
    expect(shown('allowed_outbound_hosts backend')).toEqual(['r']);
    expect(shown('build failed')).toEqual(['bad-started']);
  });

  it('filters reloads and builds by how long they took', () => {
    expect(shown('kind:reload,build duration>100ms')).toEqual(['ok-started', 'bad-started']);
    expect(shown('kind:reload,build duration<1s')).toEqual(['r', 'ok-started', 'bad-started']);
  });
});
