/**
 * Interceptor: `allowed_outbound_hosts`, checked exactly as Spin checks it, before
 * anything else touches the request (spec §9.42, §10.44: the check comes first).
 */
import type { Dispatcher } from 'undici';
import type { RuleApplied } from '../../api/contract.js';
import { AllowedHosts } from '../../permissions/index.js';
import { contextOf, targetOf } from '../outbound-context.js';
import { failDispatch } from '../fail-dispatch.js';
import { DeniedError } from '../outbound-errors.js';

/** Options for {@link enforcePolicy}. */
export interface EnforcePolicyOptions {
  /** Each component's compiled policy; a component missing here has an empty list and is denied everything. */
  readonly policies: ReadonlyMap<string, AllowedHosts>;
}

/**
 * A handler that wants to know which entry let its request out. It is told at once,
 * before the request goes on: undici calls `onRequestStart` only once a connection is
 * open, so a request that fails before (DNS, refused, no self origin) never gets one.
 */
export interface VerdictHandler extends Dispatcher.DispatchHandler {
  onRequestAllowed?(allowedBy: string): void;
  /** An outbound rule acts on the allowed request (apply-rules.ts); told before it does, within the dispatch. */
  onRuleApplied?(rule: RuleApplied): void;
}

const NOTHING_ALLOWED = AllowedHosts.parse([]);

/**
 * Denies, with a {@link DeniedError} to `onResponseError`, any request the calling
 * component may not send. An allowed request goes on, after the handler above has
 * heard the entry that allowed it through {@link VerdictHandler.onRequestAllowed}.
 */
export function enforcePolicy(options: EnforcePolicyOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function enforce(opts, handler: VerdictHandler) {
      const { component } = contextOf(opts);
      const policy = options.policies.get(component) ?? NOTHING_ALLOWED;
      const target = targetOf(opts);
      // spec §9.41 relative requests: some http(s) entry with host self, self.alt or *; §8 otherwise.
      // HTTP's default scheme is https (spec §7.35).
      const allowedBy = target.relative ? policy.allowedByRelative() : policy.allowedBy(target.url, 'https');
      if (allowedBy !== undefined) {
        handler.onRequestAllowed?.(allowedBy);
        return dispatch(opts, handler);
      }
      const explanation = target.relative ? policy.explainRelative() : policy.explain(target.url, 'https');
      return failDispatch(handler, new DeniedError({ url: target.url, component, explanation: { ...explanation, url: target.url } }));
    };
}
