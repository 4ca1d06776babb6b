import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** How many projects the list remembers. */
export const MAX_RECENT_PROJECTS = 10;

/** `$XDG_CONFIG_HOME/spinscope/recent-projects.json`, else under `~/.config`. */
export function defaultRecentProjectsFile(env: Readonly<Record<string, string | undefined>>): string {
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(configHome, 'spinscope', 'recent-projects.json');
}

/** Recently opened projects' manifest files, most recent first, kept as a JSON array in one file. */
export class RecentProjects {
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  /** The remembered manifest files, most recent first; none when the file is missing or not a JSON array of strings. */
  async list(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    // A hand-edited or half-written list is only a convenience lost: start a fresh one.
    const parsed = parseList(text);
    return parsed ?? [];
  }

  /** Moves (or adds) `manifestFile` to the front and forgets the oldest beyond {@link MAX_RECENT_PROJECTS}. */
  async add(manifestFile: string): Promise<void> {
    const list = [manifestFile, ...(await this.list()).filter((file) => file !== manifestFile)].slice(0, MAX_RECENT_PROJECTS);
    await mkdir(dirname(this.#file), { recursive: true });
    // Written aside and renamed, so a crash never leaves half a list behind.
    const staging = `${this.#file}.${randomUUID()}.tmp`;
    try {
      await writeFile(staging, `${JSON.stringify(list, null, 2)}\n`);
      await rename(staging, this.#file);
    } finally {
      await rm(staging, { force: true });
    }
  }
}

function parseList(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}
