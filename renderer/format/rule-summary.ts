import type { OutboundRule, RuleAction, RuleFailure, RuleMatch } from '../../runtime/api/contract.js';
import { formatBytes } from './quantities.js';

/** The wasi-http error codes a `fail` rule offers, in words, in the order the form lists them. */
export const RULE_FAILURE_LABELS: Readonly<Record<RuleFailure, string>> = {
  'dns-error': 'DNS error',
  'connection-refused': 'connection refused',
  'connection-timeout': 'connection timeout',
  'connection-reset': 'connection reset mid-body',
};

/** What each action does, in a few words, for the form's choice of action. */
export const RULE_ACTION_LABELS: Readonly<Record<RuleAction['kind'], string>> = {
  stub: 'Answer with a stub',
  delay: 'Add latency',
  fail: 'Fail',
  throttle: 'Cap bandwidth',
  pass: 'Pass through',
};

/** What a rule does to the calls it matches, in one line: `stub 200 (12 B)`, `delay 500 ms`, `fail: connection refused`. */
export function actionSummary(action: RuleAction): string {
  switch (action.kind) {
    case 'stub': {
      const body = action.bodyFile !== undefined ? `body from ${action.bodyFile}` : action.body ? formatBytes(new TextEncoder().encode(action.body).length) : 'no body';
      return `stub ${action.status} (${body})`;
    }
    case 'delay':
      return `delay ${action.ms} ms`;
    case 'fail':
      return action.error === 'connection-reset' && action.afterBytes
        ? `fail: connection reset after ${formatBytes(action.afterBytes)}`
        : `fail: ${RULE_FAILURE_LABELS[action.error]}`;
    case 'throttle':
      return `throttle to ${formatBytes(action.bytesPerSecond)}/s`;
    case 'pass':
      return 'pass through';
  }
}

/** Which calls a rule picks, in one line: `GET http://api.test/** from frontend`, with `any method` / `any component` spelled out. */
export function matchSummary(match: RuleMatch): string {
  return `${match.method ?? 'any method'} ${match.url} from ${match.component ?? 'any component'}`;
}

/** A rule in one line, for its accessible description: name, what it matches and what it does, and whether it is off. */
export function ruleSummary(rule: OutboundRule): string {
  return `${rule.name}: ${matchSummary(rule.match)}, ${actionSummary(rule.action)}${rule.enabled ? '' : ' (off)'}`;
}
