import { describe, expect, it } from 'vitest';
import { projectArgument } from '../../../electron/command-line.js';

describe('projectArgument', () => {
  it.each([
    [['/usr/bin/electron', '.', './my-app'], false, './my-app'],
    [['/usr/bin/electron', '.'], false, undefined],
    [['/usr/bin/electron', '.', '--no-sandbox', '/home/me/app/spin.toml'], false, '/home/me/app/spin.toml'],
    [['/opt/Spinscope/spinscope-desktop', '/home/me/app'], true, '/home/me/app'],
    [['/opt/Spinscope/spinscope-desktop', '--enable-logging'], true, undefined],
    [['/opt/Spinscope/spinscope-desktop'], true, undefined],
  ])('%j (packaged: %s) names %s', (argv, isPackaged, project) => {
    expect(projectArgument(argv, isPackaged)).toBe(project);
  });
});
