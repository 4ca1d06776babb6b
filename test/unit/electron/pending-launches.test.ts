import { describe, expect, it } from 'vitest';
import type { LaunchRequest } from '../../../electron/command-line.js';
import { MAX_PENDING_LAUNCHES, PendingLaunches } from '../../../electron/pending-launches.js';

describe('PendingLaunches', () => {
  it('keeps the launches that arrive during startup and hands them over in order', () => {
    const pending = new PendingLaunches();
    pending.add({ project: '/a' });
    pending.add({});
    const handled: LaunchRequest[] = [];
    pending.deliverTo((request) => handled.push(request));
    expect(handled).toEqual([{ project: '/a' }, {}]);
    pending.add({ project: '/b' });
    expect(handled).toEqual([{ project: '/a' }, {}, { project: '/b' }]);
  });

  it('keeps only the newest while startup takes long', () => {
    const pending = new PendingLaunches();
    for (let index = 0; index < MAX_PENDING_LAUNCHES + 3; index += 1) pending.add({ project: `/p${index}` });
    const handled: LaunchRequest[] = [];
    pending.deliverTo((request) => handled.push(request));
    expect(handled).toHaveLength(MAX_PENDING_LAUNCHES);
    expect(handled.at(-1)).toEqual({ project: `/p${MAX_PENDING_LAUNCHES + 2}` });
  });
});
