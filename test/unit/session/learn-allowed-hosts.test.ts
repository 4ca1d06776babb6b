import { describe, expect, it } from 'vitest';
import type { AllowedHostInfo } from '../../../runtime/api/contract.js';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { learnAllowedHosts } from '../../../runtime/session/learn-allowed-hosts.js';

const outbound = (component: string, url: string, n: number): SpinscopeEvent => ({
  kind: 'outbound.request', id: `o${n}`, time: n, traceId: 't', component, method: 'GET', url, headers: [],
});
const literal = (raw: string): AllowedHostInfo => ({ raw, resolved: raw });

describe('learnAllowedHosts (learn mode)', () => {
  const components = new Map([
    ['web', [literal('https://*.example.com'), literal('http://backend.spin.internal')]],
    ['backend', []],
    ['quiet', [literal('https://never.called.test')]],
  ]);

  it('proposes, per component that called out, the least-privilege list for exactly what it called', () => {
    const events = [
      outbound('web', 'https://api.example.com/v1', 1),
      outbound('web', 'https://api.example.com/v2', 2),
      outbound('web', 'http://backend.spin.internal/greeting', 3),
      outbound('backend', 'http://127.0.0.1:8081/a', 4),
      outbound('backend', 'http://127.0.0.1:8082/b', 5),
      outbound('backend', '/relative', 6),
    ];
    expect(learnAllowedHosts(events, components)).toEqual([
      { component: 'web', current: ['https://*.example.com', 'http://backend.spin.internal'], suggested: ['http://backend.spin.internal', 'https://api.example.com'] },
      { component: 'backend', current: [], suggested: ['http://self', 'http://127.0.0.1:8081..8083'] },
    ]);
  });

  it('keeps a current entry that allows exactly a suggested one as written and in its place, templates included', () => {
    const hosts = new Map([
      ['web', [literal('https://z.test'), { raw: 'https://{{ api_host }}', resolved: 'https://api.test' }, literal('https://a.test:443'), { raw: 'https://{{ missing }}' }]],
    ]);
    const events = [outbound('web', 'https://new.test/', 1), outbound('web', 'https://a.test/', 2), outbound('web', 'https://api.test/x', 3)];
    expect(learnAllowedHosts(events, hosts)).toEqual([
      {
        component: 'web',
        current: ['https://z.test', 'https://{{ api_host }}', 'https://a.test:443', 'https://{{ missing }}'],
        suggested: ['https://{{ api_host }}', 'https://a.test:443', 'https://new.test'],
      },
    ]);
  });

  it('ignores URLs no entry could ever allow, and components it does not know', () => {
    expect(learnAllowedHosts([outbound('web', 'mailto:x', 1), outbound('ghost', 'https://a.test/', 2)], components)).toEqual([]);
  });
});
