import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ELECTRON = new URL('../../../electron/', import.meta.url);
const sources = readdirSync(ELECTRON)
  .filter((name) => /\.c?ts$/.test(name))
  .map((name) => ({ name, text: readFileSync(new URL(name, ELECTRON), 'utf8') }));

/** `[specifier, typeOnly]` of every import in a source. */
function importsOf(text: string): [string, boolean][] {
  return [...text.matchAll(/^import\s+(type\s)?[^'"]*?(?:from\s+)?['"]([^'"]+)['"]|^import\s+\w+\s*=\s*require\(['"]([^'"]+)['"]\)/gm)].map((match) => [
    match[2] ?? match[3] ?? '',
    match[1] !== undefined,
  ]);
}

// STYLE.md: electron/ imports only the runtime's public API and runtime/api/ (types).
const ALLOWED = /^(node:[a-z_/]+|electron|\.\/[a-z-]+\.js|\.\.\/runtime\/index\.js|\.\.\/runtime\/api\/[a-z-]+\.js)$/;

// Modules tests import directly: Electron's types only, never the module at run time.
const ELECTRON_FREE = ['app-origin.ts', 'command-line.ts', 'ipc-channels.ts', 'push-queue.ts', 'security-policy.ts', 'window.ts'];

describe('electron/ boundaries', () => {
  it('imports only node builtins, electron, its siblings, the runtime public API and runtime/api', () => {
    const violations = sources.flatMap(({ name, text }) => importsOf(text).filter(([specifier]) => !ALLOWED.test(specifier)).map(([specifier]) => `${name} imports ${specifier}`));
    expect(violations).toEqual([]);
  });

  it('keeps the tested modules free of Electron at run time', () => {
    const violations = sources
      .filter(({ name }) => ELECTRON_FREE.includes(name))
      .flatMap(({ name, text }) => importsOf(text).filter(([specifier, typeOnly]) => specifier === 'electron' && !typeOnly).map(() => name));
    expect(violations).toEqual([]);
  });

  it('has a sandbox-loadable preload: type imports only, besides electron itself', () => {
    const preload = sources.find(({ name }) => name === 'preload.cts');
    expect(importsOf(preload?.text ?? '').filter(([specifier, typeOnly]) => !typeOnly && specifier !== 'electron')).toEqual([]);
  });
});
