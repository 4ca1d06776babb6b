import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { RuleApplied } from '../api/contract.js';
import type { ResponseHeaders } from './dispatch-headers.js';
import type { VerdictHandler } from './interceptors/enforce-policy.js';

type Controller = Dispatcher.DispatchController;

/**
 * The base of every handler wrapper in `dispatcher/`: forwards each undici v2 hook to
 * the next handler, explicitly, so a subclass overrides only what it observes or changes.
 *
 * Only the v2 hooks are forwarded, and enforce-policy's `onRequestAllowed` and `onRuleApplied`:
 * `Dispatcher.compose()` wraps every handler it hands an interceptor in undici's
 * `WrapHandler`, so `next` always speaks v2.
 */
export class ForwardingHandler implements VerdictHandler {
  protected readonly next: VerdictHandler;

  constructor(next: VerdictHandler) {
    this.next = next;
  }

  onRequestAllowed(allowedBy: string): void {
    this.next.onRequestAllowed?.(allowedBy);
  }

  onRuleApplied(rule: RuleApplied): void {
    this.next.onRuleApplied?.(rule);
  }

  onRequestStart(controller: Controller, context: unknown): void {
    this.next.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Controller, statusCode: number, headers: ResponseHeaders, socket: Duplex): void {
    this.next.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Controller, statusCode: number, headers: ResponseHeaders, statusMessage?: string): void {
    this.next.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.next.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Controller, trailers: ResponseHeaders): void {
    this.next.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Controller, error: Error): void {
    this.next.onResponseError?.(controller, error);
  }
}
