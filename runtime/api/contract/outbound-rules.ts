/** Outbound rules: what a rule matches and does to the outbound calls it matches (docs/rules.md). */

/** How a rule's URL pattern, component and method pick outbound calls. */
export interface RuleMatch {
  /** A component id; absent: every component. */
  readonly component?: string;
  /** An HTTP method, upper case; absent: every method. */
  readonly method?: string;
  /**
   * A URL pattern over the URL as the guest sent it (scheme://host[:port]/path?query):
   * `*` matches any run of characters within one part, `**` any run across parts; a pattern without a path
   * matches every path of that origin. Documented in docs/rules.md.
   */
  readonly url: string;
}

/** The wasi-http error codes a `fail` rule can make the guest see. */
export type RuleFailure = 'dns-error' | 'connection-refused' | 'connection-timeout' | 'connection-reset';

export type RuleAction =
  /** Answer without touching the upstream. `body` inline text, or `bodyFile` relative to the rules file. */
  | {
      readonly kind: 'stub';
      readonly status: number;
      readonly headers?: readonly (readonly [string, string])[];
      readonly body?: string;
      readonly bodyFile?: string;
    }
  /** Wait `ms` before sending upstream, then pass through. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Fail as the upstream would. `connection-reset`: pass through, then cut the response body after `afterBytes` (default 0). */
  | { readonly kind: 'fail'; readonly error: RuleFailure; readonly afterBytes?: number }
  /** Pass through with the response body paced at `bytesPerSecond`. */
  | { readonly kind: 'throttle'; readonly bytesPerSecond: number }
  /** Pass through untouched (stops later rules from acting). */
  | { readonly kind: 'pass' };

export interface OutboundRule {
  /** Unique in the file: the rule's `name` in rules.toml. */
  readonly name: string;
  readonly enabled: boolean;
  readonly match: RuleMatch;
  readonly action: RuleAction;
}

export interface OutboundRules {
  /** Absolute path of the rules file (it may not exist yet). */
  readonly file: string;
  /** In file order; the first enabled rule that matches a call acts on it. */
  readonly rules: readonly OutboundRule[];
  /** Whether real upstream responses are being saved as stub rules. */
  readonly recording: boolean;
  /** The file's problem (parse error with file:line) when the last load failed; the rules before it stay in force. */
  readonly problem?: { readonly message: string; readonly file: string; readonly line?: number };
}

/** Which rule acted on an outbound call, as its events carry it. */
export interface RuleApplied {
  readonly name: string;
  readonly action: RuleAction['kind'];
}
