/**
 * Rules compiled once per load for the dispatcher: each URL pattern becomes one regular
 * expression, and rules are indexed by the exact host their pattern names, so a call to a
 * host no rule names costs one map lookup however many rules there are.
 */
import type { OutboundRule, RuleAction, RuleApplied } from '../api/contract.js';
import { compileUrlPattern, urlSubject, type UrlParts, type UrlPattern } from './url-pattern.js';

/** A rule ready to act: its action, a stub's body as bytes, and what events say of it. */
export interface CompiledRule {
  readonly rule: OutboundRule;
  readonly action: RuleAction;
  /** What the call's events carry. */
  readonly applied: RuleApplied;
  /** A stub's body: its `body` as UTF-8, or its `bodyFile`'s bytes as loaded. */
  readonly body: Uint8Array;
  readonly order: number;
  readonly component: string | undefined;
  readonly method: string | undefined;
  readonly pattern: UrlPattern;
}

const EMPTY: readonly CompiledRule[] = [];

/** The enabled rules of one load, in file order, indexed for matching. */
export class CompiledRules {
  static readonly NONE = new CompiledRules([], new Map());
  readonly #byHost = new Map<string, CompiledRule[]>();
  readonly #anyHost: CompiledRule[] = [];
  readonly size: number;

  /** `bodies`: each stub's `bodyFile` contents, by the path as written. Rules must have passed `checkRules`. */
  constructor(rules: readonly OutboundRule[], bodies: ReadonlyMap<string, Uint8Array>) {
    let order = 0;
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const { action } = rule;
      const body = action.kind !== 'stub' ? new Uint8Array() : action.bodyFile !== undefined ? (bodies.get(action.bodyFile) ?? new Uint8Array()) : new TextEncoder().encode(action.body ?? '');
      const compiled: CompiledRule = {
        rule,
        action,
        applied: { name: rule.name, action: action.kind },
        body,
        order: order++,
        component: rule.match.component,
        method: rule.match.method,
        pattern: compileUrlPattern(rule.match.url),
      };
      if (compiled.pattern.host === undefined) this.#anyHost.push(compiled);
      else {
        const list = this.#byHost.get(compiled.pattern.host);
        if (list === undefined) this.#byHost.set(compiled.pattern.host, [compiled]);
        else list.push(compiled);
      }
    }
    this.size = order;
  }

  /** The first enabled rule matching a call from `component` with `method` to `parts` (its host in lower case). */
  match(component: string, method: string, parts: UrlParts): CompiledRule | undefined {
    const exact = this.#byHost.get(parts.host) ?? EMPTY;
    const wild = this.#anyHost;
    if (exact.length === 0 && wild.length === 0) return undefined;
    let subject: string | undefined;
    // Both lists are in file order: walk them together, so the first rule in the file wins.
    let i = 0;
    let j = 0;
    while (i < exact.length || j < wild.length) {
      const a = exact[i];
      const b = wild[j];
      const next = a !== undefined && (b === undefined || a.order < b.order) ? (i++, a) : (j++, b as CompiledRule);
      if (next.component !== undefined && next.component !== component) continue;
      if (next.method !== undefined && next.method !== method) continue;
      const { pattern } = next;
      if (!parts.host.endsWith(pattern.hostSuffix) || (pattern.port !== undefined && pattern.port !== parts.port) || !parts.pathWithQuery.startsWith(pattern.pathPrefix)) continue;
      subject ??= urlSubject(parts);
      if (next.pattern.test(subject)) return next;
    }
    return undefined;
  }
}
