/**
 * A request's timing breakdown as the detail pane draws it, DevTools' "Timing" tab style:
 * each phase the runtime recorded (`InboundPhases`, `OutboundPhases`) as a labelled bar
 * placed after the ones before it, and a note on what did not happen.
 */
import type { InboundPhases, OutboundPhases } from '../../runtime/api/events.js';
import type { RequestRow } from '../../runtime/traffic/traffic-row.js';

/** Which phase a bar is. */
export type PhaseName = keyof InboundPhases | Exclude<keyof OutboundPhases, 'reused'>;

/** One phase: where its bar starts and how long it is, in ms from the start of the first. */
export interface PhaseBar {
  readonly name: PhaseName;
  readonly label: string;
  readonly offset: number;
  readonly duration: number;
  /** The request failed in this phase. */
  readonly failed: boolean;
}

/** Every phase of a request, in order, and their total. */
export interface TimingBreakdown {
  readonly phases: readonly PhaseBar[];
  readonly total: number;
  /** What did not happen and why, e.g. a reused connection. */
  readonly note?: string;
}

const LABELS: Record<PhaseName, string> = {
  queueing: 'Queueing (waiting for a worker)',
  instanceStart: 'Instance start',
  guestHeaders: 'Guest run, until the response head',
  guestBody: 'Guest run, writing the body',
  policy: 'Policy check (allowed_outbound_hosts)',
  blocked: 'Waiting for a connection',
  dns: 'DNS lookup',
  connect: 'Initial connection',
  tls: 'TLS handshake',
  send: 'Request sent',
  wait: 'Waiting for the response head (TTFB)',
  receive: 'Content download',
};

/** The breakdown of `row`'s timing; undefined when it recorded no phases (a static response, a trap, older events). */
export function timingBreakdown(row: RequestRow): TimingBreakdown | undefined {
  if (row.request.kind === 'inbound.request') {
    const phases = row.response?.kind === 'inbound.response' ? row.response.phases : undefined;
    if (phases === undefined) return undefined;
    const note = phases.instanceStart === 0 ? 'No instance start: a spare instance was ready.' : undefined;
    return breakdown(phases, false, note);
  }
  const outcome = row.response ?? row.error ?? row.denial;
  const phases = outcome !== undefined && outcome.kind !== 'inbound.response' && outcome.kind !== 'inbound.error' ? outcome.phases : undefined;
  if (phases === undefined) return undefined;
  return breakdown(phases, row.error !== undefined, outboundNote(row, phases));
}

function outboundNote(row: RequestRow, phases: OutboundPhases): string | undefined {
  if (row.denial !== undefined) return 'Denied by the policy check: nothing was sent.';
  if (phases.reused === true) return 'Reused a kept-alive connection: no DNS lookup, connection or TLS handshake.';
  if (row.hop !== undefined) return `Chained in process to ${row.hop.to}: no connection; waiting covers its whole run until its response head.`;
  return undefined;
}

function breakdown(phases: InboundPhases | OutboundPhases, failed: boolean, note: string | undefined): TimingBreakdown {
  const bars: PhaseBar[] = [];
  let offset = 0;
  for (const [name, duration] of Object.entries(phases) as [PhaseName | 'reused', unknown][]) {
    if (name === 'reused' || typeof duration !== 'number') continue;
    bars.push({ name, label: LABELS[name], offset, duration, failed: false });
    offset += duration;
  }
  // A failed exchange's last phase is the one it failed in.
  const last = bars.at(-1);
  if (failed && last !== undefined) bars[bars.length - 1] = { ...last, failed: true };
  return note === undefined ? { phases: bars, total: offset } : { phases: bars, total: offset, note };
}
