import { transpile } from '@bytecodealliance/jco';
import { parse } from 'acorn';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hoistGlueHelpers } from '../../../runtime/engine/hoist-glue-helpers.js';
import { buildSpinJsComponent } from '../../support/build-spin-js-component.js';

const BUILD_TIMEOUT_MS = 180_000;

let dir: string | undefined;
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Loads `glue` as a module of its own, as a worker loads the glue once for all its instances. */
async function load<T>(glue: string): Promise<{ instantiate: (imports: Record<string, unknown>) => T }> {
  dir ??= await mkdtemp(join(tmpdir(), 'spinscope-hoist-'));
  const file = join(dir, `glue-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, glue);
  return (await import(pathToFileURL(file).href)) as { instantiate: (imports: Record<string, unknown>) => T };
}

/** The names declared at module scope, before `instantiate`. */
function moduleScope(glue: string): string {
  return glue.slice(0, glue.indexOf('export function instantiate'));
}

const reasonFor = (result: ReturnType<typeof hoistGlueHelpers>, name: string): string | undefined => result.kept.find((k) => k.names.includes(name))?.reason;

describe('hoistGlueHelpers', () => {
  it('moves pure helpers to module scope and the glue still works', async () => {
    const glue = `"use components";
const flag = true;
export function instantiate(imports) {
  const LIMIT = 1 << 4;
  const name = \`limit-\${LIMIT}\`;
  const same = Symbol.for('cabiRep');
  function double(x) { return x * 2; }
  const clamp = (x) => Math.min(double(x), LIMIT);
  class Point { x = 0; constructor(x) { this.x = clamp(x); } }
  return { point: (x) => new Point(x + imports.offset), name };
}
export const _util = {};
`;
    const result = hoistGlueHelpers(glue);
    expect(result.hoisted).toEqual(['LIMIT', 'name', 'same', 'double', 'clamp', 'Point']);
    expect(result.kept).toEqual([]);
    expect(moduleScope(result.glue)).toContain('function double(x)');
    expect(result.glue.startsWith('"use components";\nconst flag = true;\n')).toBe(true);
    const { instantiate } = await load<{ point: (x: number) => { x: number }; name: string }>(result.glue);
    const instance = instantiate({ offset: 1 });
    expect(instance.point(3).x).toBe(8);
    expect(instance.point(30).x).toBe(16);
    expect(instance.name).toBe('limit-16');
  });

  it('keeps helpers that read the instance: its parameters, `this`, `arguments`, and what calls or mutable literals make', () => {
    const result = hoistGlueHelpers(`export function instantiate(imports) {
  function readImport() { return imports.value; }
  const TABLES = [];
  const cache = new Map();
  const pattern = /x/g;
  function remember(key) { cache.set(key, 1); }
  const self = () => this;
  const args = () => arguments.length;
  const decoder = new TextDecoder();
  return { readImport, remember, self, args, TABLES, pattern, decoder };
}`);
    expect(result.hoisted).toEqual([]);
    expect(reasonFor(result, 'readImport')).toBe('reads imports');
    expect(reasonFor(result, 'TABLES')).toMatch(/mutable value/);
    expect(reasonFor(result, 'cache')).toMatch(/runs code/);
    expect(reasonFor(result, 'pattern')).toMatch(/mutable value/);
    expect(reasonFor(result, 'remember')).toBe('reads cache');
    expect(reasonFor(result, 'self')).toBe('reads this');
    expect(reasonFor(result, 'args')).toBe('reads arguments');
    expect(reasonFor(result, 'decoder')).toMatch(/runs code/);
  });

  it('tells a name a helper declares itself from the instance binding it shadows', () => {
    const result = hoistGlueHelpers(`export function instantiate(imports) {
  const { handle } = imports;
  function lift(imports, handle) { return imports[handle]; }
  function lower(value) { const handle = value + 1; return handle; }
  function reads(value = handle) { var handle; return value; }
  return { lift, lower, reads };
}`);
    expect(result.hoisted).toEqual(['lift', 'lower']);
    // A default parameter sees the enclosing scope, not the function's own `var`.
    expect(reasonFor(result, 'reads')).toBe('reads handle');
  });

  it('keeps a helper that counts in a let, so every instance counts from zero', async () => {
    const result = hoistGlueHelpers(`export function instantiate() {
  let counter = 0;
  function nextId() { return ++counter; }
  return { nextId };
}`);
    expect(result.hoisted).toEqual([]);
    expect(reasonFor(result, 'counter')).toMatch(/^let/);
    expect(reasonFor(result, 'nextId')).toBe('reads counter');
    const { instantiate } = await load<{ nextId: () => number }>(result.glue);
    expect([instantiate({}).nextId(), instantiate({}).nextId()]).toEqual([1, 1]);
  });

  it('keeps classes with static state, however it is made, so ids do not run on across instances', async () => {
    const glue = `export function instantiate() {
  class Task { static _ID = 0; id = ++Task._ID; }
  class Subtask { static { this.count = 0; } }
  class Later { constructor() { this.constructor.made = (this.constructor.made ?? 0) + 1; } }
  class Patched {}
  Patched.next = 0;
  function helper() {}
  helper.calls = 0;
  class Plain { id = 1; }
  return { task: () => new Task(), later: () => new Later(), Subtask, Patched, helper, Plain };
}`;
    const result = hoistGlueHelpers(glue);
    expect(result.hoisted).toEqual(['Plain']);
    expect(reasonFor(result, 'Task')).toBe('has static members');
    expect(reasonFor(result, 'Subtask')).toBe('has static members');
    expect(reasonFor(result, 'Later')).toBe('writes through .constructor');
    expect(reasonFor(result, 'Patched')).toBe('written to');
    expect(reasonFor(result, 'helper')).toBe('written to');
    const { instantiate } = await load<{ task: () => { id: number } }>(result.glue);
    const first = instantiate({});
    first.task();
    expect(instantiate({}).task().id).toBe(1);
  });

  it('follows a chain of helpers to a fixed point, both ways', () => {
    const result = hoistGlueHelpers(`export function instantiate(imports) {
  function a() { return b(); }
  function b() { return c(); }
  function c() { return 1; }
  const viaA = () => a();
  function x() { return y(); }
  function y() { return z(); }
  function z() { return imports.n; }
  const viaX = () => x();
  return { viaA, viaX };
}`);
    expect(result.hoisted).toEqual(['a', 'b', 'c', 'viaA']);
    expect(result.kept.map((k) => [k.names.join(), k.reason])).toEqual(
      expect.arrayContaining([
        ['z', 'reads imports'],
        ['y', 'reads z'],
        ['x', 'reads y'],
        ['viaX', 'reads x'],
      ]),
    );
  });

  it('keeps a declaration whose name module scope already uses', () => {
    const result = hoistGlueHelpers(`const $spinscopeJcoDebug = Boolean(globalThis.process);
export function instantiate() {
  function Boolean(x) { return !!x; }
  function globalThis() {}
  function free() {}
  return { Boolean, globalThis, free };
}`);
    expect(result.hoisted).toEqual(['free']);
    expect(reasonFor(result, 'Boolean')).toBe('name taken at module scope');
    expect(reasonFor(result, 'globalThis')).toBe('name taken at module scope');
  });

  it('keeps a const or class that reads, as it is declared, a module binding made after instantiate', async () => {
    const glue = `export function instantiate() {
  const alias = _util;
  class Sub extends _util.Base {}
  function lazy() { return _util; }
  return { alias, Sub, lazy };
}
export const _util = { Base: class {} };
`;
    const result = hoistGlueHelpers(glue);
    expect(result.hoisted).toEqual(['lazy']);
    expect(reasonFor(result, 'alias')).toBe('reads _util, declared after instantiate');
    expect(reasonFor(result, 'Sub')).toBe('reads _util, declared after instantiate');
    const { instantiate } = await load<{ alias: unknown; lazy: () => unknown }>(result.glue);
    const instance = instantiate({});
    expect(instance.lazy()).toBe(instance.alias);
  });

  it('returns glue it cannot parse, or of another shape, unchanged', () => {
    const broken = 'export function instantiate( {';
    expect(hoistGlueHelpers(broken)).toEqual({ glue: broken, hoisted: [], kept: [] });
    const other = 'export const instantiate = () => { function f() {} };';
    expect(hoistGlueHelpers(other)).toEqual({ glue: other, hoisted: [], kept: [] });
  });

  it(
    "hoists jco's real runtime helpers and keeps its per-instance state; a second pass finds nothing more",
    async () => {
      const { files } = await transpile(await readFile(await buildSpinJsComponent('hello')), { name: 'guest', instantiation: 'async', noTypescript: true, quiet: true });
      const result = hoistGlueHelpers(Buffer.from(files['guest.js']!).toString('utf8'));
      expect(result.hoisted).toEqual(expect.arrayContaining(['toUint32', '_debugLog', 'Waitable', '_liftFlatU32', '_lowerFlatRecord']));
      for (const counting of ['AsyncTask', 'AsyncSubtask']) expect(reasonFor(result, counting)).toBe('has static members');
      for (const state of ['HANDLE_TABLES', 'ASYNC_STATE', 'CURRENT_TASK_META']) expect(reasonFor(result, state)).toMatch(/mutable value/);
      // Nothing reassignable reached module scope: only functions, classes and consts.
      const program = parse(result.glue, { ecmaVersion: 'latest', sourceType: 'module' });
      const kinds = new Set(program.body.map((s) => (s.type === 'VariableDeclaration' ? s.kind : s.type)));
      expect([...kinds].sort()).toEqual(['ClassDeclaration', 'EmptyStatement', 'ExportNamedDeclaration', 'ExpressionStatement', 'FunctionDeclaration', 'const']);
      expect(hoistGlueHelpers(result.glue).hoisted).toEqual([]);
    },
    BUILD_TIMEOUT_MS,
  );
});
