import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** What a module loads at run time, transitively: its own files and the bare specifiers it imports. */
export interface ModuleGraph {
  /** Source files, relative to `root`, e.g. `runtime/engine/guest-worker.ts`. */
  readonly files: readonly string[];
  /** Specifiers that are not relative paths: `node:` builtins or packages. */
  readonly bare: readonly string[];
}

/**
 * Follows the run-time imports of a TypeScript module (static, re-exports and dynamic
 * `import('literal')`), as `tsc` emits them: type-only imports are erased first, so
 * they do not count. Relative `.js` specifiers name the `.ts` sources beside them.
 */
export function runtimeModuleGraph(root: string, entry: string): ModuleGraph {
  const files = new Set<string>();
  const bare = new Set<string>();
  const pending = [resolve(root, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const emitted = ts.transpileModule(readFileSync(file, 'utf8'), { fileName: file, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    for (const { fileName } of ts.preProcessFile(emitted, true, true).importedFiles) {
      if (!fileName.startsWith('.')) {
        bare.add(fileName);
        continue;
      }
      const source = resolve(dirname(file), fileName).replace(/\.js$/, '.ts');
      if (!existsSync(source)) throw new Error(`${relative(root, file)} imports ${fileName}, which has no source at ${relative(root, source)}`);
      pending.push(source);
    }
  }
  return { files: [...files].map((file) => relative(root, file)).sort(), bare: [...bare].sort() };
}
