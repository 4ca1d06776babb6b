/** Writes rules back as the rules file's `[[rule]]` tables (docs/rules.md). */
import { stringify } from 'smol-toml';
import type { OutboundRule, RuleAction } from '../api/contract.js';

const HEADER = '# Outbound rules for spinscope (docs/rules.md). The first enabled rule that matches a call acts on it.\n';

/** The text of a rules file holding `rules`, in order. */
export function rulesToml(rules: readonly OutboundRule[]): string {
  return HEADER + rules.map((rule) => `\n${stringify({ rule: [tableOf(rule)] })}`).join('');
}

function tableOf(rule: OutboundRule): Record<string, unknown> {
  const { match } = rule;
  return {
    name: rule.name,
    ...(rule.enabled ? {} : { enabled: false }),
    ...(match.component === undefined ? {} : { component: match.component }),
    ...(match.method === undefined ? {} : { method: match.method }),
    url: match.url,
    action: rule.action.kind,
    ...actionFields(rule.action),
  };
}

function actionFields(action: RuleAction): Record<string, unknown> {
  switch (action.kind) {
    case 'stub': {
      const headers = action.headers ?? [];
      const names = headers.map(([name]) => name.toLowerCase());
      // A table reads best; a name sent twice needs the list of pairs.
      const written = new Set(names).size === names.length ? Object.fromEntries(headers) : headers.map(([name, value]) => [name, value]);
      return {
        status: action.status,
        ...(headers.length === 0 ? {} : { headers: written }),
        ...(action.body === undefined ? {} : { body: action.body }),
        ...(action.bodyFile === undefined ? {} : { body_file: action.bodyFile }),
      };
    }
    case 'delay':
      return { ms: action.ms };
    case 'fail':
      return { error: action.error, ...(action.afterBytes === undefined ? {} : { after_bytes: action.afterBytes }) };
    case 'throttle':
      return { bytes_per_second: action.bytesPerSecond };
    case 'pass':
      return {};
  }
}
