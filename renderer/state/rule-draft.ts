/**
 * The rule form's fields as text, from a rule, from a recorded outbound call ("create a
 * rule from this call") or empty, and back to a rule, refusing what the form can tell is
 * wrong before the runtime is asked (the runtime checks everything again, as it checks
 * the rules file).
 */
import type { OutboundRule, RuleAction, RuleFailure } from '../../runtime/api/contract.js';
import { exactUrlPattern } from '../../runtime/rules/url-pattern.js';
import type { CapturedBody, HeaderList } from '../../runtime/api/events.js';
import { headerLines, parseHeaderLines } from '../format/header-lines.js';
import type { RequestRow } from '../../runtime/traffic/traffic-row.js';

/** The form's fields, each as typed. Every action's fields are kept, so switching the action back loses nothing. */
export interface RuleDraft {
  readonly name: string;
  readonly enabled: boolean;
  /** Empty: every component. */
  readonly component: string;
  /** Empty: every method. */
  readonly method: string;
  readonly url: string;
  readonly action: RuleAction['kind'];
  readonly status: string;
  /** One `Name: value` a line. */
  readonly headers: string;
  readonly bodySource: 'inline' | 'file';
  readonly body: string;
  readonly bodyFile: string;
  readonly ms: string;
  readonly error: RuleFailure;
  readonly afterBytes: string;
  readonly bytesPerSecond: string;
}

/** A field of the form, as a refusal names it. */
export type RuleField = 'name' | 'component' | 'method' | 'url' | 'status' | 'headers' | 'body' | 'bodyFile' | 'ms' | 'error' | 'afterBytes' | 'bytesPerSecond';

/** Why the form's fields make no rule: the field at fault and what is wrong with it. */
export interface DraftRefusal {
  readonly field: RuleField;
  readonly message: string;
}

/** A blank form: a stub answering 200 to every call of every component. */
export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  enabled: true,
  component: '',
  method: '',
  url: '',
  action: 'stub',
  status: '200',
  headers: '',
  bodySource: 'inline',
  body: '',
  bodyFile: '',
  ms: '1000',
  error: 'connection-refused',
  afterBytes: '0',
  bytesPerSecond: '1024',
};

/** The form for an existing rule. */
export function draftFromRule(rule: OutboundRule): RuleDraft {
  const { action, match } = rule;
  const draft: RuleDraft = { ...EMPTY_DRAFT, name: rule.name, enabled: rule.enabled, component: match.component ?? '', method: match.method ?? '', url: match.url, action: action.kind };
  switch (action.kind) {
    case 'stub':
      return {
        ...draft,
        status: String(action.status),
        headers: headerLines(action.headers ?? []),
        bodySource: action.bodyFile === undefined ? 'inline' : 'file',
        body: action.body ?? '',
        bodyFile: action.bodyFile ?? '',
      };
    case 'delay':
      return { ...draft, ms: String(action.ms) };
    case 'fail':
      return { ...draft, error: action.error, afterBytes: String(action.afterBytes ?? 0) };
    case 'throttle':
      return { ...draft, bytesPerSecond: String(action.bytesPerSecond) };
    case 'pass':
      return draft;
  }
}

// Framing the stub's own body decides, hop-by-hop headers (RFC 9110 §7.6.1), and the date of the recorded answer:
// a stub repeating them would lie about its body, or its time.
const NOT_REPLAYED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'proxy-connection', 'te', 'trailer', 'date']);

/**
 * Why no rule could act on the outbound call `row`, in a sentence; undefined when one could.
 * Rules act after the policy check, and only on calls that leave the app over the network
 * (docs/rules.md): not a self request (a relative URL or `self.alt`, spec §9.42) nor a
 * service-chaining call to `<id>.spin.internal` (spec §10.44).
 */
export function whyNoRule(row: RequestRow): string | undefined {
  if (row.request.kind !== 'outbound.request') return 'Rules act on outbound calls only.';
  if (row.denial !== undefined) return 'No rule can act on a denied call: rules act after the permission check and never let a call out. Allow the host first.';
  const hostname = URL.parse(row.request.url)?.hostname.toLowerCase();
  if (row.hop !== undefined || hostname === undefined || hostname === 'self.alt' || /^[^.]+\.spin\.internal$/.test(hostname)) {
    return 'No rule can act on this call: it stays inside the app (a self request or a chained call), and rules act only on calls that leave it over the network.';
  }
  return undefined;
}

/**
 * The form for a rule that acts on calls like the recorded outbound `row`, named apart from
 * `taken`: its component, method and URL (`*` in it taken literally); a stub answering what
 * the upstream answered when the response was recorded whole as text, else a delay (with the
 * response's status and headers kept in the stub's fields, should the stub be picked).
 * Undefined when no rule could act on the call (see {@link whyNoRule}).
 */
export function draftFromCall(row: RequestRow, taken: readonly string[]): RuleDraft | undefined {
  const { request } = row;
  if (request.kind !== 'outbound.request' || whyNoRule(row) !== undefined) return undefined;
  const response = row.response?.kind === 'outbound.response' ? row.response : undefined;
  const text = response === undefined ? undefined : wholeText(response.body);
  const headers: HeaderList = response === undefined ? [] : response.headers.filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()));
  return {
    ...EMPTY_DRAFT,
    name: uniqueName(`${request.method} ${request.url}`, taken),
    component: request.component,
    method: request.method.toUpperCase(),
    url: exactUrlPattern(request.url),
    action: text === undefined ? 'delay' : 'stub',
    status: response === undefined ? EMPTY_DRAFT.status : String(response.status),
    headers: headerLines(headers),
    body: text ?? '',
  };
}

/** The rule the form describes, or the first field that makes none. */
export function ruleFromDraft(draft: RuleDraft): OutboundRule | DraftRefusal {
  const name = draft.name.trim();
  if (name === '') return { field: 'name', message: 'Name the rule.' };
  const url = draft.url.trim();
  if (url === '') return { field: 'url', message: 'Give a URL pattern, e.g. https://api.example.com/** (a pattern without a path matches every path).' };
  const method = draft.method.trim().toUpperCase();
  if (method !== '' && !/^[!#$%&'*+\-.^_`|~0-9A-Z]+$/.test(method)) return { field: 'method', message: `"${draft.method.trim()}" is no HTTP method: one word, e.g. GET.` };
  const action = actionFromDraft(draft);
  if ('field' in action) return action;
  const component = draft.component.trim();
  return {
    name,
    enabled: draft.enabled,
    match: { ...(component === '' ? {} : { component }), ...(method === '' ? {} : { method }), url },
    action,
  };
}

function actionFromDraft(draft: RuleDraft): RuleAction | DraftRefusal {
  switch (draft.action) {
    case 'stub': {
      const status = wholeNumber(draft.status);
      if (status === undefined || status < 100 || status > 599) return { field: 'status', message: 'The status is a number from 100 to 599, e.g. 200.' };
      const parsed = parseHeaderLines(draft.headers);
      if ('problem' in parsed) return { field: 'headers', message: `The headers: ${parsed.problem}.` };
      const headers = parsed.headers.length === 0 ? {} : { headers: parsed.headers };
      if (draft.bodySource === 'file') {
        const bodyFile = draft.bodyFile.trim();
        if (bodyFile === '') return { field: 'bodyFile', message: 'Give the body file, relative to the rules file.' };
        return { kind: 'stub', status, ...headers, bodyFile };
      }
      return { kind: 'stub', status, ...headers, ...(draft.body === '' ? {} : { body: draft.body }) };
    }
    case 'delay': {
      const ms = wholeNumber(draft.ms);
      return ms === undefined ? { field: 'ms', message: 'The delay is a whole number of milliseconds, e.g. 1500.' } : { kind: 'delay', ms };
    }
    case 'fail': {
      if (draft.error !== 'connection-reset') return { kind: 'fail', error: draft.error };
      const afterBytes = wholeNumber(draft.afterBytes);
      if (afterBytes === undefined) return { field: 'afterBytes', message: 'Cut after a whole number of bytes of the body, 0 or more.' };
      return { kind: 'fail', error: draft.error, ...(afterBytes === 0 ? {} : { afterBytes }) };
    }
    case 'throttle': {
      const bytesPerSecond = wholeNumber(draft.bytesPerSecond);
      if (bytesPerSecond === undefined || bytesPerSecond === 0) return { field: 'bytesPerSecond', message: 'The bandwidth is a whole number of bytes per second, 1 or more.' };
      return { kind: 'throttle', bytesPerSecond };
    }
    case 'pass':
      return { kind: 'pass' };
  }
}

/** `base`, or `base (2)`, `base (3)`... whichever `taken` does not hold. */
export function uniqueName(base: string, taken: readonly string[]): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let suffix = 2; ; suffix++) if (!names.has(`${base} (${suffix})`)) return `${base} (${suffix})`;
}

function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** The body as text when it was recorded whole and is UTF-8. */
function wholeText(body: CapturedBody): string | undefined {
  if (body.truncated) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body.captured);
  } catch {
    return undefined;
  }
}
