import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { learnAllowedHosts } from '../../../runtime/session/learn-allowed-hosts.js';

const outbound = (component: string, url: string, n: number): SpinscopeEvent => ({
  kind: 'outbound.request', id: `o${n}`, time: n, traceId: 't', component, method: 'GET', url, headers: [],
});

describe('learnAllowedHosts (learn mode)', () => {
  const components = new Map([
    ['web', ['https://*.example.com', 'http://backend.spin.internal']],
    ['backend', []],
    ['quiet', ['https://never.called.test']],
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
      { component: 'web', current: ['https://*.example.com', 'http://backend.spin.internal'], suggested: ['https://api.example.com', 'http://backend.spin.internal'] },
      { component: 'backend', current: [], suggested: ['http://self', 'http://127.0.0.1:8081..8083'] },
    ]);
  });

  it('ignores URLs no entry could ever allow, and components it does not know', () => {
    expect(learnAllowedHosts([outbound('web', 'mailto:x', 1), outbound('ghost', 'https://a.test/', 2)], components)).toEqual([]);
  });
});
