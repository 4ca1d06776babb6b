import type { Dispatcher } from 'undici';
import type { EventSink } from '../events/index.js';
import type { AllowedHosts } from '../permissions/index.js';
import type { RuleBook } from '../rules/index.js';
import { applyRules } from './interceptors/apply-rules.js';
import { answerConnect } from './interceptors/answer-connect.js';
import { ConnectTimeoutAgents } from './connect-timeout-agents.js';
import { enforcePolicy } from './interceptors/enforce-policy.js';
import { recordEvents } from './interceptors/record-events.js';
import { routeChaining, type DispatchInbound } from './interceptors/route-chaining.js';
import { routeSelf, type SelfOrigin } from './interceptors/route-self.js';
import { stripHostHeader } from './interceptors/strip-host-header.js';

/** Everything the outbound dispatcher needs from the app that owns it. */
export interface OutboundDispatcherOptions {
  /** Each component's compiled `allowed_outbound_hosts`. */
  readonly policies: ReadonlyMap<string, AllowedHosts>;
  /** Where events go (usually the app's `EventStore`). */
  readonly events: EventSink;
  /** Handles `<id>.spin.internal` requests in process (spec §10.44). */
  readonly dispatchInbound: DispatchInbound;
  /** The app's own listener origin for self requests (spec §9.42); absent if it has none. */
  readonly selfOrigin?: SelfOrigin | undefined;
  /** Bytes of each body kept in events; default 1 MiB. */
  readonly bodyCaptureLimit?: number;
  /** The outbound rules in force (docs/rules.md), read per request; none when absent. */
  readonly rules?: RuleBook | undefined;
  /**
   * The network dispatcher; fresh {@link ConnectTimeoutAgents} by default, which honour a
   * guest's connect timeout (another dispatcher applies its own). Closing the result closes it.
   */
  readonly agent?: Dispatcher;
}

/**
 * The dispatcher every guest outbound request goes through. Redirects are never
 * followed: the guest sees the 3xx, as in Spin.
 */
export function outboundDispatcher(options: OutboundDispatcherOptions): Dispatcher {
  const agent = options.agent ?? new ConnectTimeoutAgents();
  // compose() runs the LAST interceptor FIRST. So a request meets, in order:
  // recordEvents (sees everything, denials too), enforcePolicy (spec §9.42, §10.44:
  // the check comes first), applyRules (after the check: a rule never widens the sandbox),
  // routeSelf, stripHostHeader (spec §13.56, before chaining as in Spin), routeChaining,
  // answerConnect (CONNECT as hyper sends and reads it), and finally the Agent.
  const interceptors = [
    answerConnect(),
    routeChaining({ dispatchInbound: options.dispatchInbound }),
    stripHostHeader(),
    routeSelf({ selfOrigin: options.selfOrigin }),
    ...(options.rules === undefined ? [] : [applyRules({ book: options.rules })]),
    enforcePolicy({ policies: options.policies }),
    recordEvents({ events: options.events, ...(options.bodyCaptureLimit === undefined ? {} : { bodyCaptureLimit: options.bodyCaptureLimit }) }),
  ];
  return agent.compose(...interceptors);
}
