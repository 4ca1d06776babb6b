import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../runtime/api/contract.js';
import type { DroppedSessionChange } from '../../../runtime/api/events.js';
import { statusReporter } from '../../../runtime/cli/status-reporter.js';

const RUNNING: AppStatus = { state: 'running', isExample: false, origin: 'http://127.0.0.1:3000', routes: [{ component: 'web', path: '/', wildcard: true, url: 'http://127.0.0.1:3000/' }] };
const DROPPED: DroppedSessionChange = { component: 'web', field: 'allowed_outbound_hosts', reason: 'manifest-changed', entries: ['https://a.test'], message: 'The session change to the allowed_outbound_hosts of component "web" was dropped.' };

function report(...statuses: AppStatus[]): { out: string[]; err: string[] } {
  const lines = { out: [] as string[], err: [] as string[] };
  const reporter = statusReporter({ out: (line) => lines.out.push(line), err: (line) => lines.err.push(line) });
  statuses.forEach(reporter);
  return lines;
}

describe('spinscope ui’s status report', () => {
  it('prints the routes when the app starts serving, not again while it keeps running', () => {
    expect(report(RUNNING, RUNNING).out).toEqual(['Serving http://127.0.0.1:3000', 'Available Routes:', '  web: http://127.0.0.1:3000 (wildcard)']);
  });

  it('warns once about each session change a reload dropped, and again if it is dropped anew', () => {
    const dropped = { ...RUNNING, droppedSessionChanges: [DROPPED] };
    expect(report(RUNNING, dropped, dropped, RUNNING, dropped).err).toEqual([`Warning: ${DROPPED.message}`, `Warning: ${DROPPED.message}`]);
  });
});
