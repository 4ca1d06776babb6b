/**
 * Interceptor: `allowed_outbound_hosts`, checked exactly as Spin checks it, before
 * anything else touches the request (spec §9.42, §10.44: the check comes first).
 */
import type { Dispatcher } from 'undici';
import { AllowedHosts } from '../permissions/index.js';
import { ForwardingHandler } from './forwarding-handler.js';
import { contextOf } from './outbound-context.js';
import { failDispatch } from './memory-dispatch.js';
import { DeniedError } from './outbound-errors.js';
import { dispatchTarget } from './request-target.js';

/** Options for {@link enforcePolicy}. */
export interface EnforcePolicyOptions {
  /** Each component's compiled policy; a component missing here has an empty list and is denied everything. */
  readonly policies: ReadonlyMap<string, AllowedHosts>;
}

const NOTHING_ALLOWED = AllowedHosts.parse([]);

/**
 * Denies, with a {@link DeniedError} to `onResponseError`, any request the calling
 * component may not send. An allowed request goes on, and the entry that allowed it
 * reaches the handlers above as `allowedBy` in `onRequestStart`'s context.
 */
export function enforcePolicy(options: EnforcePolicyOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function enforce(opts, handler) {
      const { component } = contextOf(opts);
      const policy = options.policies.get(component) ?? NOTHING_ALLOWED;
      const target = dispatchTarget(opts);
      // spec §9.41 relative requests: some http(s) entry with host self, self.alt or *; §8 otherwise.
      // HTTP's default scheme is https (spec §7.35).
      const allowedBy = target.relative ? policy.allowedByRelative() : policy.allowedBy(target.url, 'https');
      if (allowedBy !== undefined) return dispatch(opts, new AllowedHandler(handler, allowedBy));
      const explanation = target.relative ? policy.explainRelative() : policy.explain(target.url, 'https');
      return failDispatch(handler, new DeniedError({ url: target.url, component, explanation: { ...explanation, url: target.url } }));
    };
}

class AllowedHandler extends ForwardingHandler {
  readonly #allowedBy: string;

  constructor(next: Dispatcher.DispatchHandler, allowedBy: string) {
    super(next);
    this.#allowedBy = allowedBy;
  }

  override onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    super.onRequestStart(controller, { ...(context as object | undefined), allowedBy: this.#allowedBy });
  }
}
