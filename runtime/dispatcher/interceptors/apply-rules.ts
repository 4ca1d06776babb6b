/**
 * Interceptor: outbound rules (docs/rules.md). It runs right after the policy check, so a
 * denied call never reaches it and a rule never widens the sandbox. Only calls that would
 * leave the app over the network are matched: self requests (spec §9.42) and service
 * chaining (spec §10.44) stay inside the app and are never stubbed, delayed or failed.
 * The first enabled rule that matches acts; the handler above hears which one first.
 */
import type { Dispatcher } from 'undici';
import type { RuleAction, RuleFailure } from '../../api/contract.js';
import type { HttpErrorCode } from '../../http/index.js';
import { serviceChainingTarget } from '../../permissions/index.js';
import type { RuleBook, UrlParts } from '../../rules/index.js';
import { failDispatch } from '../fail-dispatch.js';
import { MemoryController, replayResponse } from '../memory-dispatch.js';
import { contextOf, targetOf, type OutboundTarget } from '../outbound-context.js';
import { RuleFailureError } from '../outbound-errors.js';
import type { VerdictHandler } from './enforce-policy.js';
import { RecordResponse, ResetBody, ThrottleBody } from './rule-handlers.js';

/** Options for {@link applyRules}. */
export interface ApplyRulesOptions {
  /** The rules in force, read on every call, and the recorder while recording is on. */
  readonly book: RuleBook;
}

// The `wasi:http` error each `fail` rule makes the guest see, as the real failure does
// (guest-error-code.ts): a reset mid-body reaches the guest as `connection-terminated`.
const FAILURES: Readonly<Record<RuleFailure, HttpErrorCode>> = {
  'dns-error': { tag: 'DNS-error', val: { rcode: 'address not available', infoCode: 0 } },
  'connection-refused': { tag: 'connection-refused' },
  'connection-timeout': { tag: 'connection-timeout' },
  'connection-reset': { tag: 'connection-terminated' },
};

type StubAction = Extract<RuleAction, { kind: 'stub' }>;

/** What a stubbed call's `onRequestStart` context says: answered in memory, by a rule. */
const STUBBED = Object.freeze({ stubbed: true });

/** Applies the first matching rule of `options.book` to each call that would go to the network. */
export function applyRules(options: ApplyRulesOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function apply(opts, handler: VerdictHandler) {
      const { rules, recorder } = options.book;
      if (rules.size === 0 && recorder === undefined) return dispatch(opts, handler);
      const target = targetOf(opts);
      const parts = networkParts(target);
      if (parts === undefined) return dispatch(opts, handler);
      const rule = rules.size === 0 ? undefined : rules.match(contextOf(opts).component, opts.method, parts);
      const onward = recorder === undefined || rule?.action.kind === 'stub' || rule?.action.kind === 'fail' ? handler : new RecordResponse(handler, recorder, opts.method, target.url);
      if (rule === undefined) return dispatch(opts, onward);
      handler.onRuleApplied?.(rule.applied);
      const { action } = rule;
      switch (action.kind) {
        case 'stub':
          return stub(action, rule.body, opts, handler);
        case 'delay':
          setTimeout(() => dispatch(opts, onward), action.ms);
          return true;
        case 'fail': {
          const error = new RuleFailureError(rule.rule.name, FAILURES[action.error]);
          if (action.error === 'connection-reset') return dispatch(opts, new ResetBody(handler, action.afterBytes ?? 0, error));
          return failDispatch(handler, error);
        }
        case 'throttle':
          return dispatch(opts, new ThrottleBody(onward, action.bytesPerSecond));
        case 'pass':
          return dispatch(opts, onward);
      }
    };
}

/** Answers with the stub in memory: no connection, no DNS, the upstream never hears of it. */
function stub(action: StubAction, body: Uint8Array, opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
  const headers: [string, string][] = (action.headers ?? []).map(([name, value]) => [name, value]);
  if (!headers.some(([name]) => FRAMING.test(name))) headers.push(['content-length', String(body.byteLength)]);
  // A HEAD answer has the head alone, its content-length the GET's (RFC 9110 §9.3.2).
  const response = { status: action.status, headers, body: opts.method === 'HEAD' ? new Uint8Array() : body };
  const controller = new MemoryController();
  // The guest may still be writing its request body: take it, as an upstream would read it.
  void drain(opts.body);
  queueMicrotask(() => {
    handler.onRequestStart?.(controller, STUBBED);
    void replayResponse(controller, handler, response);
  });
  return true;
}

async function drain(body: Dispatcher.DispatchOptions['body']): Promise<void> {
  if (typeof body !== 'object' || body === null || !(Symbol.asyncIterator in body)) return;
  try {
    for await (const _chunk of body as AsyncIterable<Uint8Array>);
  } catch {
    // A body the guest abandons ends here; the stub answers regardless.
  }
}

const FRAMING = /^(content-length|transfer-encoding)$/i;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };

/** The parts a rule matches, for a call that would go to the network; undefined for a self or chained one. */
function networkParts(target: OutboundTarget): UrlParts | undefined {
  const { origin, authority } = target;
  if (target.relative || origin === undefined || authority === undefined || serviceChainingTarget(authority) !== undefined) return undefined;
  const scheme = origin.slice(0, origin.indexOf('://')).toLowerCase();
  const close = authority.startsWith('[') ? authority.indexOf(']') + 1 : 0;
  const colon = authority.indexOf(':', close);
  const host = (colon < 0 ? authority : authority.slice(0, colon)).toLowerCase();
  const port = colon < 0 ? (DEFAULT_PORTS[scheme] ?? '') : authority.slice(colon + 1);
  return { scheme, host, port, pathWithQuery: target.path };
}

