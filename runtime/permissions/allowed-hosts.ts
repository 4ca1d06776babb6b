import { SpinscopeError } from '../errors/spinscope-error.js';
import { AllowedHostError } from './allowed-host-error.js';
import type { AllowedHostEntry } from './allowed-host-entry.js';
import { CompiledPolicy } from './compile-policy.js';
import type { Explanation } from '../api/explanation.js';
import { explainRelativeRequest, explainRequest } from './explain-request.js';
import { entryAllowsRelative } from './entry-allows.js';
import { parseOutboundUrl, OutboundUrlError, type OutboundUrl } from './outbound-url.js';
import { isSelfRequestUrl } from './request-target.js';
import {
  expandServiceChaining,
  parsePartialEntries,
  resolvePartialEntries,
  type VariableValues,
} from './resolve-entries.js';

/** Options for {@link AllowedHosts.parse}. */
export interface AllowedHostsOptions {
  /** Every component id in the app, for `*.spin.internal` expansion (spec §6.28). Without it the wildcard stays a wildcard. */
  readonly componentIds?: readonly string[];
  /** Application variable values for templated entries (spec §14); without it any template leaves the policy unresolved. */
  readonly variables?: VariableValues;
}

/**
 * One component's compiled `allowed_outbound_hosts`, answering exactly what Spin would.
 *
 * A list with a bad literal entry throws at {@link AllowedHosts.parse}. A templated entry
 * that cannot be resolved or resolves to a bad entry does not: as in Spin (spec §11.50)
 * the policy then denies every request, and `resolutionError` says why.
 */
export class AllowedHosts {
  readonly resolutionError: SpinscopeError | undefined;
  private readonly policy: CompiledPolicy;

  private constructor(entries: readonly AllowedHostEntry[], resolutionError: SpinscopeError | undefined) {
    this.policy = new CompiledPolicy(resolutionError ? [] : entries);
    this.resolutionError = resolutionError;
  }

  /** Parses, resolves and compiles a list; throws {@link AllowedHostError} for a list Spin would refuse to load. */
  static parse(entries: readonly string[], options: AllowedHostsOptions = {}): AllowedHosts {
    const partials = parsePartialEntries(entries);
    let resolved: AllowedHostEntry[];
    try {
      resolved = resolvePartialEntries(partials, options.variables ?? {});
    } catch (error) {
      if (!(error instanceof SpinscopeError)) throw error;
      return new AllowedHosts([], error);
    }
    const expanded = options.componentIds ? expandServiceChaining(resolved, options.componentIds) : resolved;
    return new AllowedHosts(expanded, undefined);
  }

  /** The effective entries after template resolution and `*.spin.internal` expansion. */
  get entries(): readonly AllowedHostEntry[] {
    return this.policy.entries;
  }

  /** True when Spin would let a request to `url` out. Unparsable URLs are denied (spec §7.34). */
  allows(url: string, defaultScheme = 'https'): boolean {
    const parsed = parseOrDeny(url, defaultScheme);
    return parsed !== undefined && this.policy.allows(parsed);
  }

  /** The entry (as written, earliest in list order) that lets a request to `url` out; undefined when Spin denies it. */
  allowedBy(url: string, defaultScheme = 'https'): string | undefined {
    const parsed = parseOrDeny(url, defaultScheme);
    return parsed === undefined ? undefined : this.policy.matchedBy(parsed)?.text;
  }

  /**
   * The entry that lets a recorded request to `url` out, as enforcement decides it: a self
   * request (`/path`, `http://self.alt/path`, spec §9.40) by the relative rule (§9.41),
   * any other by its scheme, host and port (§8). Undefined when Spin denies it.
   */
  allowedByRequest(url: string, defaultScheme = 'https'): string | undefined {
    return isSelfRequestUrl(url) ? this.allowedByRelative() : this.allowedBy(url, defaultScheme);
  }

  /** True when relative (`/path`, `self`, `self.alt`) requests are allowed (spec §9.41). */
  allowsRelative(): boolean {
    return this.policy.allowsRelative;
  }

  /** The entry that allows relative requests (spec §9.41); undefined when none does. */
  allowedByRelative(): string | undefined {
    return this.policy.entries.find(entryAllowsRelative)?.text;
  }

  /** Why a request is allowed or denied, with near misses and Spin's suggested entry (spec §12.54). */
  explain(url: string, defaultScheme = 'https'): Explanation {
    return explainRequest(this.policy, this.resolutionError, url, defaultScheme);
  }

  /** The same for a relative request, whose suggestion is `http://self` (spec §12.53). */
  explainRelative(): Explanation {
    return explainRelativeRequest(this.policy, this.resolutionError);
  }
}

/** The parsed URL, or undefined for one Spin cannot parse, which it denies (spec §7.34). */
function parseOrDeny(url: string, defaultScheme: string): OutboundUrl | undefined {
  try {
    return parseOutboundUrl(url, defaultScheme);
  } catch (error) {
    if (error instanceof OutboundUrlError) return undefined;
    throw error;
  }
}
