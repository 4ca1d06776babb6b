import { describe, expect, it } from 'vitest';
import type { OutboundRule, RuleAction } from '../../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { EMPTY_DRAFT, draftFromCall, draftFromRule, ruleFromDraft, uniqueName, whyNoRule, type RuleDraft } from '../../../renderer/state/rule-draft.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import type { RequestRow } from '../../../runtime/traffic/traffic-row.js';
import { body, exampleTrace } from './sample-events.js';

/** The row `id` once `events` are folded. */
function rowOf(events: readonly SpinscopeEvent[], id: string): RequestRow {
  const tree = new TrafficTree();
  tree.add(events);
  return tree.get(id) as RequestRow;
}

const example = exampleTrace('a');
const apiCall = (replace: (event: SpinscopeEvent) => SpinscopeEvent = (event) => event) => rowOf(example.map(replace), 'a-api');

describe('a rule draft from a recorded outbound call', () => {
  it('matches its component, method and URL and stubs what the upstream answered, without the framing headers', () => {
    const withFraming = (event: SpinscopeEvent): SpinscopeEvent =>
      event.id === 'a-api-res' && event.kind === 'outbound.response'
        ? { ...event, headers: [['content-type', 'application/json'], ['Content-Length', '17'], ['connection', 'keep-alive'], ['Date', 'Fri, 04 Dec 2026 23:28:59 GMT'], ['x-trace', '1']] }
        : event;
    expect(draftFromCall(apiCall(withFraming), [])).toEqual({
      ...EMPTY_DRAFT,
      name: 'GET http://127.0.0.1:8080/greeting',
      component: 'backend',
      method: 'GET',
      url: 'http://127.0.0.1:8080/greeting',
      action: 'stub',
      status: '200',
      headers: 'content-type: application/json\nx-trace: 1',
      body: '{"greeting":"hi"}',
    });
  });

  it('offers a delay when the body was not recorded whole as text, keeping the status for a stub', () => {
    const truncated = (event: SpinscopeEvent): SpinscopeEvent =>
      event.id === 'a-api-res' && event.kind === 'outbound.response' ? { ...event, status: 503, body: { ...body('{"gree'), size: 17, truncated: true } } : event;
    expect(draftFromCall(apiCall(truncated), [])).toMatchObject({ action: 'delay', status: '503', body: '' });
    const binary = (event: SpinscopeEvent): SpinscopeEvent =>
      event.id === 'a-api-res' && event.kind === 'outbound.response' ? { ...event, body: { captured: Uint8Array.of(0xff, 0xfe, 0x00), size: 3, truncated: false } } : event;
    expect(draftFromCall(apiCall(binary), [])).toMatchObject({ action: 'delay', status: '200' });
    const pending = example.filter((event) => event.id !== 'a-api-res');
    expect(draftFromCall(rowOf(pending, 'a-api'), [])).toMatchObject({ action: 'delay', status: '200', headers: '' });
  });

  it('offers no rule for a denied call (rules act after the policy check) or an inbound request, and says why', () => {
    expect(draftFromCall(rowOf(example, 'a-blocked'), [])).toBeUndefined();
    expect(whyNoRule(rowOf(example, 'a-blocked'))).toMatch(/^No rule can act on a denied call/);
    expect(draftFromCall(rowOf(example, 'a-in'), [])).toBeUndefined();
    expect(whyNoRule(apiCall())).toBeUndefined();
  });

  it.each(['http://backend.spin.internal/greeting', '/motd', 'http://self.alt/motd', 'https://SELF.ALT/x'])('offers no rule for %s, which stays inside the app', (url) => {
    const call = (event: SpinscopeEvent): SpinscopeEvent => (event.id === 'a-api' || event.id === 'a-api-res' ? ({ ...event, url } as SpinscopeEvent) : event);
    expect(draftFromCall(apiCall(call), [])).toBeUndefined();
    expect(whyNoRule(apiCall(call))).toMatch(/stays inside the app/);
  });

  it('offers no rule for a chained call, however it was addressed', () => {
    expect(whyNoRule(rowOf(example, 'a-chain'))).toMatch(/stays inside the app/);
  });

  it('matches the URL exactly: a * or \\ in it is escaped, as the runtime writes an exact pattern', () => {
    const starred = (event: SpinscopeEvent): SpinscopeEvent => (event.id === 'a-api' ? ({ ...event, url: 'http://127.0.0.1:8080/a*b\\c' } as SpinscopeEvent) : event);
    expect(draftFromCall(apiCall(starred), [])?.url).toBe('http://127.0.0.1:8080/a\\*b\\\\c');
  });

  it('names the rule apart from the rules there are', () => {
    const taken = ['GET http://127.0.0.1:8080/greeting', 'GET http://127.0.0.1:8080/greeting (2)'];
    expect(draftFromCall(apiCall(), taken)?.name).toBe('GET http://127.0.0.1:8080/greeting (3)');
    expect(uniqueName('new rule', [])).toBe('new rule');
  });
});

describe('a rule from the form and back', () => {
  const actions: RuleAction[] = [
    { kind: 'stub', status: 404, headers: [['content-type', 'text/plain']], body: 'gone' },
    { kind: 'stub', status: 200, bodyFile: 'bodies/items.json' },
    { kind: 'stub', status: 204 },
    { kind: 'delay', ms: 1500 },
    { kind: 'fail', error: 'dns-error' },
    { kind: 'fail', error: 'connection-reset', afterBytes: 100 },
    { kind: 'throttle', bytesPerSecond: 2048 },
    { kind: 'pass' },
  ];

  it.each(actions)('gives back the rule it was made from: %j', (action) => {
    const rule: OutboundRule = { name: 'r', enabled: false, match: { component: 'frontend', method: 'POST', url: 'https://api.test/**' }, action };
    expect(ruleFromDraft(draftFromRule(rule))).toEqual(rule);
  });

  it('leaves out what is blank: any component, any method, no body, no reset offset', () => {
    const draft: RuleDraft = { ...EMPTY_DRAFT, name: ' all ', url: ' http://api.test ', method: 'get ' };
    expect(ruleFromDraft(draft)).toEqual({ name: 'all', enabled: true, match: { method: 'GET', url: 'http://api.test' }, action: { kind: 'stub', status: 200 } });
    expect(ruleFromDraft({ ...draft, action: 'fail', error: 'connection-reset', afterBytes: '0' })).toMatchObject({ action: { kind: 'fail', error: 'connection-reset' } });
  });

  it.each<[Partial<RuleDraft>, string]>([
    [{ name: ' ' }, 'name'],
    [{ url: '' }, 'url'],
    [{ method: 'GET POST' }, 'method'],
    [{ status: '20' }, 'status'],
    [{ status: '600' }, 'status'],
    [{ status: 'ok' }, 'status'],
    [{ headers: 'no colon here' }, 'headers'],
    [{ bodySource: 'file', bodyFile: ' ' }, 'bodyFile'],
    [{ action: 'delay', ms: '1.5' }, 'ms'],
    [{ action: 'fail', error: 'connection-reset', afterBytes: '-1' }, 'afterBytes'],
    [{ action: 'throttle', bytesPerSecond: '0' }, 'bytesPerSecond'],
  ])('refuses %j, naming the field %s', (fields, field) => {
    expect(ruleFromDraft({ ...EMPTY_DRAFT, name: 'r', url: 'http://api.test', ...fields })).toMatchObject({ field, message: expect.any(String) });
  });
});
