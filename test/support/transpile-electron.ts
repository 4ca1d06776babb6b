import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

/** Where electron/'s sources live. */
export const ELECTRON_DIR = new URL('../../electron/', import.meta.url);

/**
 * Transpiles one electron/ source for tests that run or scan the JavaScript: types
 * erased and `.cts` to CommonJS as `tsc -p tsconfig.electron.json` does, but down to
 * ES2020, because Electronegativity's parser stops at private class fields.
 */
export function transpileElectronSource(fileName: string, source = readFileSync(new URL(fileName, ELECTRON_DIR), 'utf8')): string {
  const commonJs = fileName.endsWith('.cts');
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: commonJs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext, verbatimModuleSyntax: !commonJs },
  }).outputText;
}

/** Transpiles every electron/ source into a fresh temporary folder, each as `<name>.js`; returns the folder. */
export function transpileElectronFolder(replace: (fileName: string, source: string) => string = (_name, source) => source): string {
  const out = mkdtempSync(join(tmpdir(), 'spinscope-electron-'));
  for (const fileName of readdirSync(ELECTRON_DIR).filter((name) => /\.c?ts$/.test(name))) {
    const source = replace(fileName, readFileSync(new URL(fileName, ELECTRON_DIR), 'utf8'));
    writeFileSync(join(out, fileName.replace(/\.c?ts$/, '.js')), transpileElectronSource(fileName, source));
  }
  return out;
}
