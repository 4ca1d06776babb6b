/**
 * Policy what-if and audit over a session's recorded calls. Both decide each call with
 * the policy code enforcement runs ({@link compileComponentHosts}: `AllowedHosts`, the
 * relative rule for self requests, `*.spin.internal` expanded, templates resolved with
 * the app's variables), never with a matcher of their own.
 */
import type { CallDecision, ComponentAudit, DecisionChange, WhatIfResult } from '../api/contract.js';
import { compileComponentHosts, UnknownComponentError, validateComponentHosts, type LoadedApp } from '../app/index.js';
import { auditAllowList, requestDecider } from '../permissions/index.js';
import type { SessionCalls } from './recorded-calls.js';

/**
 * Every recorded call of `component` whose decision `entries` would change, held against
 * the decision recorded when it was made. Throws AllowedHostError, with Spin's message, for
 * a list Spin would refuse to load (as applying it would), UnknownComponentError for a
 * component the app does not have.
 */
export function whatIfAllowedHosts(app: LoadedApp, session: SessionCalls, component: string, entries: readonly string[]): WhatIfResult {
  if (!app.manifest.components.has(component)) throw new UnknownComponentError(component, [...app.manifest.components.keys()]);
  validateComponentHosts(app.manifest, entries);
  const decide = requestDecider(compileComponentHosts(app.manifest, entries, app.variables));
  const calls = session.calls.filter(({ call }) => call.component === component);
  const changes = calls.flatMap(({ call, defaultScheme, recorded }): DecisionChange[] => {
    const allowedBy = decide(call.url, defaultScheme);
    const after: CallDecision = allowedBy === undefined ? { allowed: false } : { allowed: true, allowedBy };
    return after.allowed === recorded.allowed ? [] : [{ call, before: recorded, after }];
  });
  return { component, entries: [...entries], calls: calls.length, changes };
}

/** Each component's allowed_outbound_hosts, as enforced now, audited against its recorded calls, in manifest order. */
export function auditAllowedHosts(app: LoadedApp, session: SessionCalls): ComponentAudit[] {
  const componentIds = [...app.manifest.components.keys()];
  return [...app.manifest.components.values()].map((component) => {
    const requests = session.calls.filter(({ call }) => call.component === component.id).map(({ call, defaultScheme }) => ({ url: call.url, defaultScheme }));
    const audit = auditAllowList(component.allowedOutboundHosts, { componentIds, variables: app.variables }, requests, session.pinned.get(component.id));
    return {
      component: component.id,
      current: [...component.allowedOutboundHosts],
      entries: audit.entries,
      narrowed: audit.narrowed,
      calls: requests.length,
      allowedCalls: audit.allowedCalls,
      ...(audit.unresolved === undefined ? {} : { unresolved: audit.unresolved }),
    };
  });
}
