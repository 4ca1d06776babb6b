import type { Explanation } from '../api/explanation.js';
import type { HttpErrorCode } from '../http/index.js';
import { SpinscopeError } from '../errors/spinscope-error.js';

/**
 * `allowed_outbound_hosts` denied a request. The guest sees `HTTP-request-denied`
 * (spec §11.50); the developer gets this error's explanation and suggestion.
 */
export class DeniedError extends SpinscopeError {
  readonly code = 'SPINSCOPE_DENIED';
  /** The URL the guest asked for (its path alone for a relative request). */
  readonly url: string;
  /** The calling component. */
  readonly component: string;
  /** The entry to add to allow it (spec §12.54); undefined where Spin prints no hint. */
  readonly suggestion: string | undefined;
  /** The full verdict, with near misses. */
  readonly explanation: Explanation;

  constructor(fields: { url: string; component: string; explanation: Explanation }) {
    const { explanation } = fields;
    super(`component '${fields.component}' may not send a request to ${fields.url}: ${explanation.denial?.message ?? 'denied'}`);
    this.url = fields.url;
    this.component = fields.component;
    this.suggestion = explanation.suggestion;
    this.explanation = explanation;
  }

  protected override fields(): Record<string, unknown> {
    return { url: this.url, component: this.component, suggestion: this.suggestion, explanation: this.explanation };
  }
}

/**
 * spec §9.42: a relative (self) request was allowed but there is no listener to send it
 * to (e.g. no HTTP trigger). The guest sees `HTTP-request-URI-invalid`.
 */
export class NoSelfOriginError extends SpinscopeError {
  readonly code = 'SPINSCOPE_NO_SELF_ORIGIN';
  readonly url: string;
  readonly component: string;

  constructor(fields: { url: string; component: string }) {
    super(`Couldn't handle outbound HTTP request to relative URI; no origin set (component '${fields.component}', ${fields.url})`);
    this.url = fields.url;
    this.component = fields.component;
  }

  protected override fields(): Record<string, unknown> {
    return { url: this.url, component: this.component };
  }
}

/**
 * spec §10.45: a `<id>.spin.internal` request passed the policy but no `[[trigger.http]]`
 * has that component. Spin traps the calling guest ("unknown routing destination").
 */
export class UnknownChainingTargetError extends SpinscopeError {
  readonly code = 'SPINSCOPE_UNKNOWN_CHAINING_TARGET';
  readonly url: string;
  readonly component: string;
  /** The component id the request named. */
  readonly target: string;

  constructor(fields: { url: string; component: string; target: string }) {
    super(`unknown routing destination '${fields.target}' for request from component '${fields.component}' to ${fields.url}`);
    this.url = fields.url;
    this.component = fields.component;
    this.target = fields.target;
  }

  protected override fields(): Record<string, unknown> {
    return { url: this.url, component: this.component, target: this.target };
  }
}

/**
 * The guest's request ended before it read the whole response body of an outbound
 * request, so the rest is not received (as in Spin, where dropping the body closes the
 * connection).
 */
export class ResponseBodyAbandonedError extends SpinscopeError {
  readonly code = 'SPINSCOPE_RESPONSE_BODY_ABANDONED';
  /** Bytes of the body the guest had been handed, read or not. */
  readonly received: number;

  constructor(received: number) {
    super(`the guest finished its request before reading the whole response body (${received} bytes received, the rest not fetched)`);
    this.received = received;
  }

  protected override fields(): Record<string, unknown> {
    return { received: this.received };
  }
}

/**
 * The guest dropped a request body it was still writing, or its request ended first, so
 * the outbound request is aborted: wasmtime-wasi-http fails it with `HTTP-protocol-error`.
 */
export class RequestBodyAbandonedError extends SpinscopeError {
  readonly code = 'SPINSCOPE_REQUEST_BODY_ABANDONED';
  /** Bytes of the body sent before it was abandoned. */
  readonly sent: number;

  constructor(sent: number) {
    super(`the guest abandoned the request body before finishing it (${sent} bytes sent), so the request was aborted`);
    this.sent = sent;
  }

  protected override fields(): Record<string, unknown> {
    return { sent: this.sent };
  }
}

/** An outbound response body failed while it was being read, with the error a guest would see. */
export class ResponseBodyFailedError extends SpinscopeError {
  readonly code = 'SPINSCOPE_RESPONSE_BODY_FAILED';
  /** The `wasi:http` error code the guest's body stream reports. */
  readonly errorCode: HttpErrorCode;

  /** `reason` says what was wrong with the body, when the host found out itself. */
  constructor(errorCode: HttpErrorCode, reason?: string) {
    super(`the response body failed: ${errorCode.tag}${reason === undefined ? '' : ` (${reason})`}`);
    this.errorCode = errorCode;
  }

  protected override fields(): Record<string, unknown> {
    return { errorCode: this.errorCode };
  }
}


/**
 * An outbound rule's `fail` action (docs/rules.md) failed the call, as the upstream would
 * have: the guest sees `errorCode`, the `wasi:http` error of that failure.
 */
export class RuleFailureError extends SpinscopeError {
  readonly code = 'SPINSCOPE_RULE_FAILURE';
  /** The rule's name. */
  readonly rule: string;
  readonly errorCode: HttpErrorCode;

  constructor(rule: string, errorCode: HttpErrorCode) {
    super(`outbound rule "${rule}" failed the call with ${errorCode.tag}`);
    this.rule = rule;
    this.errorCode = errorCode;
  }

  protected override fields(): Record<string, unknown> {
    return { rule: this.rule, errorCode: this.errorCode };
  }
}
