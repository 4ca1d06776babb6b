/**
 * A small scope analysis over acorn's ESTree: which names a piece of module code reads
 * from the scopes around it, and which bindings code writes to. Enough to tell which of
 * jco's glue helpers close over an instance's state (hoist-glue-helpers.ts). Module code
 * is strict, so declarations in blocks are block-scoped and `with` cannot occur.
 */
import type { AnyNode, Pattern, Statement } from 'acorn';

/** `this`, `arguments` and `new.target` count as names, bound by every non-arrow function. */
export const FUNCTION_CONTEXT = ['this', 'arguments', 'new.target'] as const;

interface Scope {
  readonly names: ReadonlySet<string>;
  readonly parent: Scope | undefined;
}

/** The names `node` reads or writes that no scope inside it declares, `this` and friends included. */
export function freeNames(node: AnyNode): Set<string> {
  const free = new Set<string>();
  const bound = (name: string, scope: Scope | undefined): boolean => {
    for (let s = scope; s !== undefined; s = s.parent) if (s.names.has(name)) return true;
    return false;
  };
  const use = (name: string, scope: Scope | undefined): void => {
    if (!bound(name, scope)) free.add(name);
  };
  const scoped = (names: Iterable<string>, parent: Scope | undefined): Scope => ({ names: new Set(names), parent });

  const visit = (node: AnyNode | null | undefined, scope: Scope | undefined): void => {
    if (node == null) return;
    switch (node.type) {
      case 'Identifier':
        return use(node.name, scope);
      case 'ThisExpression':
        return use('this', scope);
      case 'MetaProperty':
        if (node.meta.name === 'new') use('new.target', scope);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const own = node.type === 'FunctionExpression' && node.id ? [node.id.name] : [];
        const context = node.type === 'ArrowFunctionExpression' ? [] : FUNCTION_CONTEXT;
        const params = scoped([...own, ...context, ...node.params.flatMap(patternNames)], scope);
        for (const param of node.params) visit(param, params);
        if (node.body.type !== 'BlockStatement') return visit(node.body, params);
        const body = scoped([...varNames(node.body.body), ...lexicalNames(node.body.body)], params);
        for (const statement of node.body.body) visit(statement, body);
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        visit(node.superClass, scope);
        visit(node.body, node.id ? scoped([node.id.name], scope) : scope);
        return;
      }
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (node.computed) visit(node.key, scope);
        // A field's initialiser runs as a method of the instance: `this` is the instance.
        visit(node.value, node.type === 'PropertyDefinition' ? scoped(FUNCTION_CONTEXT, scope) : scope);
        return;
      case 'StaticBlock': {
        const block = scoped([...FUNCTION_CONTEXT, ...varNames(node.body), ...lexicalNames(node.body)], scope);
        for (const statement of node.body) visit(statement, block);
        return;
      }
      case 'BlockStatement': {
        const block = scoped(lexicalNames(node.body), scope);
        for (const statement of node.body) visit(statement, block);
        return;
      }
      case 'SwitchStatement': {
        visit(node.discriminant, scope);
        const block = scoped(lexicalNames(node.cases.flatMap((c) => c.consequent)), scope);
        for (const c of node.cases) {
          visit(c.test, block);
          for (const statement of c.consequent) visit(statement, block);
        }
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const head = node.type === 'ForStatement' ? node.init : node.left;
        const loop = head?.type === 'VariableDeclaration' && head.kind !== 'var' ? scoped(head.declarations.flatMap((d) => patternNames(d.id)), scope) : scope;
        for (const child of children(node)) visit(child, loop);
        return;
      }
      case 'CatchClause':
        visit(node.param, scope);
        visit(node.body, node.param ? scoped(patternNames(node.param), scope) : scope);
        return;
      case 'MemberExpression':
        visit(node.object, scope);
        if (node.computed) visit(node.property, scope);
        return;
      case 'Property':
        if (node.computed) visit(node.key, scope);
        visit(node.value, scope);
        return;
      case 'LabeledStatement':
        return visit(node.body, scope);
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      default:
        for (const child of children(node)) visit(child, scope);
    }
  };
  visit(node, undefined);
  return free;
}

/**
 * The bindings `node` may change: names assigned (`x = …`, `x++`, destructuring), and names
 * whose value is written through (`x.y = …`, `x.prototype.y = …`, `delete x.y`,
 * `Object.defineProperty(x, …)`). Over-approximates: it does not resolve shadowing.
 * `throughConstructor` says some write goes through `.constructor` (static state made at run time).
 */
export function writtenNames(node: AnyNode): { names: Set<string>; throughConstructor: boolean } {
  const names = new Set<string>();
  let throughConstructor = false;
  const target = (node: AnyNode | null | undefined): void => {
    if (node == null) return;
    switch (node.type) {
      case 'Identifier':
        names.add(node.name);
        return;
      case 'MemberExpression': {
        let object: AnyNode = node;
        while (object.type === 'MemberExpression' || object.type === 'ChainExpression') {
          if (object.type === 'ChainExpression') object = object.expression;
          else {
            if (!object.computed && object.property.type === 'Identifier' && object.property.name === 'constructor') throughConstructor = true;
            object = object.object;
          }
        }
        if (object.type === 'Identifier') names.add(object.name);
        return;
      }
      case 'ObjectPattern':
        for (const property of node.properties) target(property.type === 'RestElement' ? property.argument : property.value);
        return;
      case 'ArrayPattern':
        for (const element of node.elements) target(element);
        return;
      case 'RestElement':
        return target(node.argument);
      case 'AssignmentPattern':
        return target(node.left);
      default:
        return;
    }
  };
  const visit = (node: AnyNode | null | undefined): void => {
    if (node == null) return;
    if (node.type === 'AssignmentExpression') target(node.left);
    else if (node.type === 'UpdateExpression') target(node.argument);
    else if (node.type === 'UnaryExpression' && node.operator === 'delete') target(node.argument);
    else if ((node.type === 'ForInStatement' || node.type === 'ForOfStatement') && node.left.type !== 'VariableDeclaration') target(node.left);
    else if (node.type === 'CallExpression' && isReflectiveWrite(node.callee)) target(node.arguments[0]);
    for (const child of children(node)) visit(child);
  };
  visit(node);
  return { names, throughConstructor };
}

const REFLECTIVE_WRITES = new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf', 'set', 'deleteProperty', 'freeze', 'seal', 'preventExtensions']);

/** `Object.defineProperty`, `Reflect.set` and the like, which change their first argument. */
function isReflectiveWrite(callee: AnyNode): boolean {
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.object.type === 'Identifier' &&
    (callee.object.name === 'Object' || callee.object.name === 'Reflect') &&
    callee.property.type === 'Identifier' &&
    REFLECTIVE_WRITES.has(callee.property.name)
  );
}

/** The names a binding pattern declares. */
export function patternNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? patternNames(e) : []));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    default:
      return [];
  }
}

/** The names `let`, `const`, `class` and `function` declare directly in `statements`. */
export function lexicalNames(statements: readonly Statement[]): string[] {
  return statements.flatMap((s) => {
    if (s.type === 'VariableDeclaration') return s.kind === 'var' ? [] : s.declarations.flatMap((d) => patternNames(d.id));
    if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) return [s.id.name];
    return [];
  });
}

/** The names `var` declares in `statements` and the blocks nested in them, not in nested functions. */
export function varNames(statements: readonly Statement[]): string[] {
  const names: string[] = [];
  const visit = (s: Statement | null | undefined): void => {
    if (s == null) return;
    switch (s.type) {
      case 'VariableDeclaration':
        if (s.kind === 'var') names.push(...s.declarations.flatMap((d) => patternNames(d.id)));
        return;
      case 'BlockStatement':
        return s.body.forEach(visit);
      case 'IfStatement':
        visit(s.consequent);
        return visit(s.alternate);
      case 'ForStatement':
        if (s.init?.type === 'VariableDeclaration') visit(s.init);
        return visit(s.body);
      case 'ForInStatement':
      case 'ForOfStatement':
        if (s.left.type === 'VariableDeclaration') visit(s.left);
        return visit(s.body);
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
        return visit(s.body);
      case 'TryStatement':
        visit(s.block);
        visit(s.handler?.body);
        return visit(s.finalizer);
      case 'SwitchStatement':
        return s.cases.forEach((c) => c.consequent.forEach(visit));
      default:
        return;
    }
  };
  statements.forEach(visit);
  return names;
}

/** The child nodes of `node`, in source order. */
export function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || value === null || typeof value !== 'object') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') out.push(item as AnyNode);
    }
  }
  return out;
}
