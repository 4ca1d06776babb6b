import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RENDERER = join(ROOT, 'renderer');

// The renderer runs in a sandboxed page: it may use the contract, the event types and
// pure runtime modules, never the runtime's Node side (STYLE.md, "Architecture"). Spin's
// id rules are shared so the components panel checks a store label as the manifest does.
// The traffic rows with their filter language, and the bridge's client, are shared with
// `spinscope mcp`, which lists traffic and attaches to `spinscope ui` the same way.
const ALLOWED_RUNTIME = [/^runtime\/api\/[^/]+\.ts$/, /^runtime\/events\/har\.ts$/, /^runtime\/manifest\/spin-id\.ts$/, /^runtime\/errors\/rust-debug\.ts$/, /^runtime\/traffic\//, /^runtime\/bridge-client\//, /^runtime\/rules\/url-pattern\.ts$/];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(entry.name) && entry.name !== 'vite.config.ts' ? [path] : [];
  });
}

describe('renderer imports', () => {
  it('reach into runtime/ only for the contract, the event types, the HAR export, Spin\'s id rules, the traffic rows, the bridge client and the rules\' exact URL pattern', () => {
    const violations = sources(RENDERER).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)]
        .map((match) => match[1] ?? '')
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => relative(ROOT, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts'))
        .filter((target) => !target.startsWith('renderer/') && !ALLOWED_RUNTIME.some((allowed) => allowed.test(target)))
        .map((target) => `${relative(ROOT, file)} imports ${target}`),
    );
    expect(violations).toEqual([]);
  });
});
