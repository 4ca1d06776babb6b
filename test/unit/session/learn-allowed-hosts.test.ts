import { describe, expect, it } from 'vitest';
import type { AllowedHostInfo } from '../../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { learnAllowedHosts } from '../../../runtime/session/learn-allowed-hosts.js';

let ids = 0;
/** An outbound request and what became of it: allowed (by `allowedBy` when given) or denied. */
function call(component: string, url: string, outcome: { allowedBy?: string } | 'denied' = {}): SpinscopeEvent[] {
  const id = `o${++ids}`;
  const request: SpinscopeEvent = { kind: 'outbound.request', id, time: ids, traceId: 't', component, method: 'GET', url, headers: [] };
  if (outcome === 'denied') {
    const explanation = { url, allowed: false, nearMisses: [] };
    return [request, { kind: 'outbound.denied', id: `d${ids}`, time: ids, traceId: 't', parentId: id, component, url, explanation }];
  }
  const body = { captured: new Uint8Array(), size: 0, truncated: false };
  const timings = { start: ids, headers: ids, end: ids };
  return [request, { kind: 'outbound.response', id: `r${ids}`, time: ids, traceId: 't', parentId: id, component, url, status: 200, headers: [], body, timings, ...outcome }];
}
const literal = (raw: string): AllowedHostInfo => ({ raw, resolved: raw });

describe('learnAllowedHosts (learn mode)', () => {
  it('keeps the current entries that allowed a request, in their order and as written, and drops the others', () => {
    const components = new Map([['web', [literal('https://never.called.test'), literal('https://*.example.com'), literal('http://*.spin.internal')]], ['backend', []]]);
    const events = [...call('web', 'https://api.example.com/v1'), ...call('web', 'http://backend.spin.internal/greeting')];
    expect(learnAllowedHosts(events, components)).toEqual([
      { component: 'web', current: ['https://never.called.test', 'https://*.example.com', 'http://*.spin.internal'], kept: ['https://*.example.com', 'http://*.spin.internal'], keptForScheme: [], offered: [] },
    ]);
  });

  it('offers a host that was denied this session, marked denied, and never keeps or proposes it', () => {
    const components = new Map([['web', [literal('http://backend.spin.internal')]]]);
    const events = [...call('web', 'http://backend.spin.internal/'), ...call('web', 'https://blocked.test/'), ...call('web', 'https://blocked.test/again', 'denied')];
    expect(learnAllowedHosts(events, components)).toEqual([
      { component: 'web', current: ['http://backend.spin.internal'], kept: ['http://backend.spin.internal'], keptForScheme: [], offered: [{ entry: 'https://blocked.test', reason: 'denied' }] },
    ]);
  });

  it('offers, as unlisted, what was allowed when called by an entry the list no longer holds', () => {
    const components = new Map([['web', []]]);
    const events = [...call('web', 'http://127.0.0.1:8081/a'), ...call('web', 'http://127.0.0.1:8082/b'), ...call('web', '/relative')];
    expect(learnAllowedHosts(events, components)).toEqual([
      {
        component: 'web',
        current: [],
        kept: [],
        keptForScheme: [],
        offered: [
          { entry: 'http://self', reason: 'unlisted' },
          { entry: 'http://127.0.0.1:8081..8083', reason: 'unlisted' },
        ],
      },
    ]);
  });

  it('takes http://self.alt/... as the self request it is (spec §9.40): kept by http://self, offered as http://self', () => {
    const allowed = learnAllowedHosts(call('web', 'http://self.alt/motd'), new Map([['web', [literal('http://self'), literal('https://unused.test')]]]));
    expect(allowed[0]?.kept).toEqual(['http://self']);
    const denied = learnAllowedHosts(call('web', 'http://self.alt/motd', 'denied'), new Map([['web', []]]));
    expect(denied[0]?.offered).toEqual([{ entry: 'http://self', reason: 'denied' }]);
  });

  it('marks a merged port range denied when any port in it was denied', () => {
    const events = [...call('web', 'http://127.0.0.1:8081/a'), ...call('web', 'http://127.0.0.1:8082/b', 'denied')];
    expect(learnAllowedHosts(events, new Map([['web', []]]))[0]?.offered).toEqual([{ entry: 'http://127.0.0.1:8081..8083', reason: 'denied' }]);
  });

  it('keeps a template entry that allowed a request, and its twin for the scheme the session did not use', () => {
    const components = new Map([
      ['backend', [{ raw: 'https://{{ api_host }}', resolved: 'https://127.0.0.1:4000' }, { raw: 'http://{{ api_host }}', resolved: 'http://127.0.0.1:4000' }, { raw: 'https://{{ missing }}' }]],
      ['other', [{ raw: 'http://{{ api_host }}', resolved: 'http://api.test' }, literal('https://literal.test')]],
    ]);
    const events = [...call('backend', 'http://127.0.0.1:4000/greeting'), ...call('other', 'https://api.test/x'), ...call('other', 'http://literal.test/x')];
    expect(learnAllowedHosts(events, components)).toEqual([
      { component: 'backend', current: ['https://{{ api_host }}', 'http://{{ api_host }}', 'https://{{ missing }}'], kept: ['https://{{ api_host }}', 'http://{{ api_host }}'], keptForScheme: ['https://{{ api_host }}'], offered: [] },
      // The scheme's default port follows the scheme; a literal entry gets no such allowance.
      {
        component: 'other',
        current: ['http://{{ api_host }}', 'https://literal.test'],
        kept: ['http://{{ api_host }}'],
        keptForScheme: ['http://{{ api_host }}'],
        offered: [
          { entry: 'https://api.test', reason: 'unlisted' },
          { entry: 'http://literal.test', reason: 'unlisted' },
        ],
      },
    ]);
  });

  it('counts an entry recorded as letting a request out as used, even when its value has changed since', () => {
    const components = new Map([['web', [{ raw: 'http://{{ upstream }}', resolved: 'http://127.0.0.1:5000' }]]]);
    const events = call('web', 'http://127.0.0.1:4000/old', { allowedBy: 'http://{{ upstream }}' });
    expect(learnAllowedHosts(events, components)[0]).toMatchObject({ kept: ['http://{{ upstream }}'], keptForScheme: [], offered: [{ entry: 'http://127.0.0.1:4000', reason: 'unlisted' }] });
  });

  it('ignores URLs no entry could ever allow, and components it does not know', () => {
    const components = new Map([['web', [literal('https://a.test')]]]);
    expect(learnAllowedHosts([...call('web', 'mailto:x'), ...call('ghost', 'https://a.test/')], components)).toEqual([]);
  });
});
