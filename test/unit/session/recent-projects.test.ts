import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRecentProjectsFile, MAX_RECENT_PROJECTS, RecentProjects } from '../../../runtime/session/index.js';

describe('RecentProjects', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spinscope-recent-'));
    file = join(dir, 'nested', 'recent-projects.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts empty when the file does not exist', async () => {
    expect(await new RecentProjects(file).list()).toEqual([]);
  });

  it('keeps the most recent first, moves a reopened project to the front, and persists the list', async () => {
    const recent = new RecentProjects(file);
    for (const project of ['/a/spin.toml', '/b/spin.toml', '/a/spin.toml']) await recent.add(project);
    expect(await new RecentProjects(file).list()).toEqual(['/a/spin.toml', '/b/spin.toml']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(['/a/spin.toml', '/b/spin.toml']);
  });

  it(`remembers at most ${MAX_RECENT_PROJECTS}, forgetting the oldest`, async () => {
    const recent = new RecentProjects(file);
    for (let i = 0; i < MAX_RECENT_PROJECTS + 2; i++) await recent.add(`/p${i}/spin.toml`);
    const list = await recent.list();
    expect(list).toHaveLength(MAX_RECENT_PROJECTS);
    expect(list[0]).toBe(`/p${MAX_RECENT_PROJECTS + 1}/spin.toml`);
    expect(list).not.toContain('/p0/spin.toml');
  });

  it('replaces a file that is not a JSON array of strings', async () => {
    const recent = new RecentProjects(file);
    await recent.add('/first/spin.toml');
    await writeFile(file, '{"not": "a list"}');
    expect(await recent.list()).toEqual([]);
    await recent.add('/next/spin.toml');
    expect(await recent.list()).toEqual(['/next/spin.toml']);
  });

  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultRecentProjectsFile({ XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/spinscope/recent-projects.json');
    expect(defaultRecentProjectsFile({})).toMatch(/\/\.config\/spinscope\/recent-projects\.json$/);
  });
});
