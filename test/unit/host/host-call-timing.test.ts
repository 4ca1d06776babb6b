import { describe, expect, it } from 'vitest';
import type { KeyValueBackend } from '../../../runtime/host/guest-services.js';
import { KeyValueHandle } from '../../../runtime/host/key-value-handle.js';
import { recordingServices } from '../../support/recording-services.js';

const values = new Map<string, Uint8Array>();
const backend = {
  get: (key: string) => values.get(key),
  set: (key: string, value: Uint8Array) => void values.set(key, value),
} as KeyValueBackend;

describe('host call timing', () => {
  // The inspector places a host call's row at `time - durationMs`; a guest's calls are
  // sequential, so each must start no earlier than the one before it ended.
  it('places each of a guest\'s successive key-value calls after the one before it, as the guest made them', () => {
    const { services, events } = recordingServices([]);
    const handle = new KeyValueHandle(services, 'fermyon:spin/key-value@2.0.0', 'default', backend);
    for (let visit = 0; visit < 2_000; visit++) {
      handle.get('visits');
      handle.set('visits', new Uint8Array(visit % 64));
    }
    const spans = events.map((event) => {
      const { time, durationMs } = event as { time: number; durationMs: number };
      return { start: time - durationMs, end: time };
    });
    const outOfOrder = spans.filter((span, index) => index > 0 && span.start < (spans[index - 1] as typeof span).end);
    expect(outOfOrder).toEqual([]);
  });
});
