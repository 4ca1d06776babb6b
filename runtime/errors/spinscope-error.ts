/** Every error code Spinscope produces; logs and the IPC/WebSocket bridge carry these. */
export type SpinscopeErrorCode =
  | 'SPINSCOPE_MANIFEST'
  | 'SPINSCOPE_MANIFEST_EDIT'
  | 'SPINSCOPE_ALLOWED_HTTP_HOSTS'
  | 'SPINSCOPE_ALLOWED_HOST'
  | 'SPINSCOPE_URL'
  | 'SPINSCOPE_VARIABLE'
  | 'SPINSCOPE_USAGE'
  | 'SPINSCOPE_COMPONENT_SOURCE'
  | 'SPINSCOPE_ROUTE'
  | 'SPINSCOPE_LISTEN'
  | 'SPINSCOPE_INBOUND'
  | 'SPINSCOPE_UNSUPPORTED_IMPORT'
  | 'SPINSCOPE_GUEST_TRAP'
  | 'SPINSCOPE_GUEST_TIMEOUT'
  | 'SPINSCOPE_ENGINE'
  | 'SPINSCOPE_DENIED'
  | 'SPINSCOPE_NO_SELF_ORIGIN'
  | 'SPINSCOPE_UNKNOWN_CHAINING_TARGET'
  | 'SPINSCOPE_RESPONSE_BODY_ABANDONED'
  | 'SPINSCOPE_REQUEST_BODY_ABANDONED'
  | 'SPINSCOPE_RESPONSE_BODY_FAILED'
  | 'SPINSCOPE_REPLAY'
  | 'SPINSCOPE_INVALID_REQUEST'
  | 'SPINSCOPE_BRIDGE'
  | 'SPINSCOPE_UNKNOWN_COMPONENT'
  | 'SPINSCOPE_BUILD'
  | 'SPINSCOPE_NOT_RUNNING'
  | 'SPINSCOPE_STORAGE'
  | 'SPINSCOPE_RUNTIME_CONFIG'
  | 'SPINSCOPE_SQLITE_STATEMENT'
  | 'SPINSCOPE_STORE_LABEL'
  | 'SPINSCOPE_UNKNOWN_STORE'
  | 'SPINSCOPE_RULES'
  | 'SPINSCOPE_RULE_FAILURE';

/** Plain-data form of an error, as sent across IPC or a WebSocket. */
export interface SerializedError {
  code: SpinscopeErrorCode;
  name: string;
  message: string;
  [field: string]: unknown;
}

/** Base of every error Spinscope throws: a stable `code`, a `name`, and an optional `cause`. */
export abstract class SpinscopeError extends Error {
  abstract readonly code: SpinscopeErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** Structured fields beyond `message`, for serialisation; subclasses list theirs. */
  protected fields(): Record<string, unknown> {
    return {};
  }

  /** The `{ code, message, ...fields }` shape used across process boundaries. */
  toJSON(): SerializedError {
    return { code: this.code, name: this.name, message: this.message, ...this.fields() };
  }
}

/** Bad command-line input (unknown flag, missing argument). Maps to exit code 2. */
export class UsageError extends SpinscopeError {
  readonly code = 'SPINSCOPE_USAGE';
}
