/**
 * Post-processes jco 1.35's glue so that its runtime helpers are made once per load
 * instead of once per instance.
 *
 * jco defines its whole runtime (number conversions, `_debugLog`, the lift and lower
 * helpers, classes such as `Waitable`) inside `instantiate()`, so every instance makes
 * every closure and class again. This step moves to module scope each top-level
 * declaration of `instantiate()` that holds no instance state: a function, a class, or a
 * `const` of a pure value, that reads no binding of `instantiate()` except ones moved too
 * (a fixed point over their references), that no code writes to, and whose declaration
 * runs nothing but its own definition. What stays per instance: everything that reads the
 * instance's imports, tables or `let`s; classes with static members (jco counts task ids
 * in them, and a guest sees those ids); consts made by calls or `new`, and object or array
 * literals, which are mutable. Spin's per-request isolation holds because nothing a guest
 * can change is shared: what moves is immutable (functions and classes nothing writes to,
 * primitives, registry symbols).
 *
 * Glue it cannot parse, or without a top-level `export function instantiate`, is returned
 * unchanged (with a line under `NODE_DEBUG=spinscope`).
 */
import { parse, type AnyNode, type Expression, type ExportNamedDeclaration, type FunctionDeclaration, type Program, type Statement } from 'acorn';
import { debuglog } from 'node:util';
import { FUNCTION_CONTEXT, freeNames, lexicalNames, patternNames, varNames, writtenNames } from './free-names.js';

const debug = debuglog('spinscope');

/** A top-level declaration of `instantiate()` left there, and why. */
export interface KeptDeclaration {
  readonly names: readonly string[];
  readonly reason: string;
}

/** The rewritten glue and what moved. */
export interface HoistedGlue {
  readonly glue: string;
  /** Names now declared at module scope, in source order. */
  readonly hoisted: readonly string[];
  readonly kept: readonly KeptDeclaration[];
}

/** Moves `instantiate()`'s instance-free declarations to module scope; see the module comment. */
export function hoistGlueHelpers(glue: string): HoistedGlue {
  let program: Program;
  try {
    program = parse(glue, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch (error) {
    debug('glue left as jco wrote it: it does not parse (%s)', error instanceof Error ? error.message : String(error));
    return { glue, hoisted: [], kept: [] };
  }
  const exported = program.body.find(isInstantiate);
  if (exported === undefined) {
    debug('glue left as jco wrote it: no top-level `export function instantiate`');
    return { glue, hoisted: [], kept: [] };
  }
  const { moved, kept } = planMoves(program, exported);
  if (moved.length === 0) return { glue, hoisted: [], kept };

  let rewritten = `${glue.slice(0, exported.start)}${moved.map((s) => glue.slice(s.start, s.end)).join('\n')}\n`;
  let at = exported.start;
  for (const statement of moved) {
    rewritten += glue.slice(at, statement.start);
    at = statement.end;
  }
  rewritten += glue.slice(at);
  const hoisted = moved.flatMap(declaredNames);
  debug('glue: %d declarations of instantiate() hoisted to module scope, %d kept per instance', moved.length, kept.length);
  return { glue: rewritten, hoisted, kept };
}

type Instantiate = ExportNamedDeclaration & { declaration: FunctionDeclaration };

/** Which top-level statements of `instantiate()` can move to module scope, in source order, and why the others stay. */
function planMoves(program: Program, exported: Instantiate): { moved: Statement[]; kept: KeptDeclaration[] } {
  const body = exported.declaration.body.body;
  const instanceNames = new Set<string>([...FUNCTION_CONTEXT, ...exported.declaration.params.flatMap(patternNames), ...varNames(body), ...lexicalNames(body)]);
  const moduleNames = new Set(['instantiate']);
  // Declared after `instantiate`: still uninitialised when the hoisted declarations run.
  const laterNames = new Set(program.body.slice(program.body.indexOf(exported) + 1).flatMap(declaredNames));
  const written = new Set<string>();
  for (const statement of program.body) {
    if (statement === exported) continue;
    for (const name of [...declaredNames(statement), ...freeNames(statement)]) moduleNames.add(name);
    for (const name of writtenNames(statement).names) written.add(name);
  }

  const kept: KeptDeclaration[] = [];
  const candidates = new Map<Statement, { names: string[]; reads: Set<string> }>();
  for (const statement of body) {
    const writes = writtenNames(statement);
    for (const name of writes.names) written.add(name);
    const names = declaredNames(statement);
    if (names.length === 0) continue;
    const unfit = shapeProblem(statement) ?? (writes.throughConstructor ? 'writes through .constructor' : undefined);
    if (unfit !== undefined) {
      kept.push({ names, reason: unfit });
      continue;
    }
    const free = freeNames(statement);
    const early = statement.type === 'FunctionDeclaration' ? undefined : [...free].find((name) => laterNames.has(name));
    if (early !== undefined) kept.push({ names, reason: `reads ${early}, declared after instantiate` });
    else candidates.set(statement, { names, reads: new Set([...free].filter((name) => instanceNames.has(name))) });
  }
  for (const [statement, { names }] of candidates) {
    const problem = names.some((name) => moduleNames.has(name)) ? 'name taken at module scope' : names.some((name) => written.has(name)) ? 'written to' : undefined;
    if (problem === undefined) continue;
    kept.push({ names, reason: problem });
    candidates.delete(statement);
  }
  for (let changed = true; changed; ) {
    changed = false;
    const movable = new Set([...candidates.values()].flatMap(({ names }) => names));
    for (const [statement, { names, reads }] of candidates) {
      const instanceRead = [...reads].find((name) => !movable.has(name));
      if (instanceRead === undefined) continue;
      kept.push({ names, reason: `reads ${instanceRead}` });
      candidates.delete(statement);
      changed = true;
    }
  }
  return { moved: [...candidates.keys()], kept };
}

function isInstantiate(statement: Statement | AnyNode): statement is Instantiate {
  return statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'FunctionDeclaration' && statement.declaration.id.name === 'instantiate';
}

/** The names a module- or function-level statement declares (through `export` too). */
function declaredNames(statement: AnyNode): string[] {
  const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
  if (declaration == null) return [];
  if (declaration.type === 'ImportDeclaration') return declaration.specifiers.map((s) => s.local.name);
  if (declaration.type === 'VariableDeclaration') return declaration.declarations.flatMap((d) => patternNames(d.id));
  if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) return [declaration.id.name];
  return [];
}

/** Why a declaration cannot move whatever it reads, or `undefined` when its shape allows it. */
function shapeProblem(statement: Statement): string | undefined {
  switch (statement.type) {
    case 'FunctionDeclaration':
      return undefined;
    case 'ClassDeclaration':
      return classProblem(statement);
    case 'VariableDeclaration':
      if (statement.kind !== 'const') return `${statement.kind}: a binding the instance may reassign`;
      for (const { id, init } of statement.declarations) {
        if (id.type !== 'Identifier') return 'destructures a value';
        if (!isPure(init)) return 'initialiser runs code or makes a mutable value';
      }
      return undefined;
    default:
      return 'not a declaration';
  }
}

/** Why a class cannot be shared between instances: static members are state of their own. */
function classProblem(node: Extract<AnyNode, { type: 'ClassDeclaration' | 'ClassExpression' }>): string | undefined {
  if (node.superClass && !isPure(node.superClass)) return 'extends a computed value';
  for (const element of node.body.body) {
    if (element.type === 'StaticBlock' || element.static) return 'has static members';
    if (element.computed && element.key.type !== 'PrivateIdentifier' && !isPure(element.key)) return 'has a computed member name';
  }
  return undefined;
}

/**
 * Whether evaluating `e` only reads (names, properties) and makes immutable values:
 * primitives, functions, registry symbols, classes without static state.
 */
function isPure(e: Expression | null | undefined): boolean {
  if (e == null) return false;
  switch (e.type) {
    case 'Literal':
      return !('regex' in e && e.regex !== undefined); // a RegExp keeps `lastIndex`
    case 'Identifier':
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return true;
    case 'ClassExpression':
      return classProblem(e) === undefined;
    case 'TemplateLiteral':
      return e.expressions.every(isPure);
    case 'UnaryExpression':
      return e.operator !== 'delete' && isPure(e.argument);
    case 'BinaryExpression':
      return e.left.type !== 'PrivateIdentifier' && isPure(e.left) && isPure(e.right);
    case 'LogicalExpression':
      return isPure(e.left) && isPure(e.right);
    case 'ConditionalExpression':
      return isPure(e.test) && isPure(e.consequent) && isPure(e.alternate);
    case 'MemberExpression':
      return e.object.type !== 'Super' && isPure(e.object) && (!e.computed || (e.property.type !== 'PrivateIdentifier' && isPure(e.property)));
    case 'ChainExpression':
      return isPure(e.expression);
    case 'CallExpression':
      // Symbol.for('x') is the same symbol in every instance anyway.
      return (
        e.callee.type === 'MemberExpression' &&
        !e.callee.computed &&
        e.callee.object.type === 'Identifier' &&
        e.callee.object.name === 'Symbol' &&
        e.callee.property.type === 'Identifier' &&
        e.callee.property.name === 'for' &&
        e.arguments.every((a) => a.type !== 'SpreadElement' && isPure(a))
      );
    default:
      return false;
  }
}
