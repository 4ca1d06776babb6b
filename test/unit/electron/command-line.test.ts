import { describe, expect, it } from 'vitest';
import { launchRequest, projectArgument, readLaunchRequest } from '../../../electron/command-line.js';

describe('projectArgument', () => {
  it.each([
    [['/usr/bin/electron', '.', './my-app'], false, './my-app'],
    [['/usr/bin/electron', '.'], false, undefined],
    [['/usr/bin/electron', '.', '--no-sandbox', '/home/me/app/spin.toml'], false, '/home/me/app/spin.toml'],
    // Chromium switches may come first; the app path is still not the project.
    [['/usr/bin/electron', '--no-sandbox', '--inspect=0', '.', './my-app'], false, './my-app'],
    [['/usr/bin/electron', '--no-sandbox', '.'], false, undefined],
    [['/opt/Spinscope/spinscope-desktop', '/home/me/app'], true, '/home/me/app'],
    [['/opt/Spinscope/spinscope-desktop', '--enable-logging', '/home/me/app'], true, '/home/me/app'],
    [['/opt/Spinscope/spinscope-desktop', '--enable-logging'], true, undefined],
    [['/opt/Spinscope/spinscope-desktop'], true, undefined],
  ])('%j (packaged: %s) names %s', (argv, isPackaged, project) => {
    expect(projectArgument(argv, isPackaged)).toBe(project);
  });
});

describe('launch requests between instances', () => {
  it("resolve the project against the launching shell's directory", () => {
    expect(launchRequest(['/usr/bin/electron', '.', '../app'], false, '/home/me/src/spinscope')).toEqual({ project: '/home/me/src/app' });
    expect(launchRequest(['/opt/Spinscope/spinscope-desktop', '/srv/app/spin.toml'], true, '/tmp')).toEqual({ project: '/srv/app/spin.toml' });
    expect(launchRequest(['/opt/Spinscope/spinscope-desktop'], true, '/tmp')).toEqual({});
  });

  it('survive the trip as additionalData (plain JSON)', () => {
    const sent = launchRequest(['/usr/bin/electron', '--no-sandbox', '.', 'my-app'], false, '/home/me');
    expect(readLaunchRequest(JSON.parse(JSON.stringify(sent)))).toEqual({ project: '/home/me/my-app' });
  });

  it.each([undefined, null, 'my-app', 42, [], {}, { project: 'relative/path' }, { project: 7 }, { project: '' }])('ask only for the window when additionalData is %j', (data) => {
    expect(readLaunchRequest(data)).toEqual({});
  });
});
