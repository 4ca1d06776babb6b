import { describe, expect, it } from 'vitest';
import type { SpinscopeEvent } from '../../../runtime/api/events.js';
import { ReplayError } from '../../../runtime/session/index.js';
import { replayRequest } from '../../../runtime/session/replay-request.js';

// Nothing listens on this origin: each case must refuse before sending anything.
const NOWHERE = 'http://127.0.0.1:9';

describe('replayRequest refuses what it cannot send as it was', () => {
  it('a trace whose inbound request is gone (evicted)', async () => {
    await expect(replayRequest([], NOWHERE)).rejects.toThrow(ReplayError);
    await expect(replayRequest([], NOWHERE)).rejects.toThrow(/no recorded inbound request/);
  });

  it('a request whose body was captured only in part', async () => {
    const inbound: SpinscopeEvent = {
      kind: 'inbound.request', id: 'in', time: 0, traceId: 't', component: 'web', method: 'POST', pathWithQuery: '/upload', headers: [],
      body: { captured: new Uint8Array(4), size: 10, truncated: true },
    };
    await expect(replayRequest([inbound], NOWHERE)).rejects.toThrow('the request body was recorded only up to 4 of 10 bytes');
  });
});
