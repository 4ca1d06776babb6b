import type { HeaderList } from '../api/events.js';
import { CompiledRules } from './compiled-rules.js';

/** A real upstream response, whole, for the record switch to save as a stub rule. */
export interface RecordedResponse {
  readonly method: string;
  /** The URL as the guest sent it. */
  readonly url: string;
  readonly status: number;
  readonly headers: HeaderList;
  readonly body: Uint8Array;
}

/** While recording: where responses go, and the most body bytes one may have to be saved. */
export interface RuleRecorder {
  readonly maxBodyBytes: number;
  record(response: RecordedResponse): void;
}

/**
 * The rules in force, read by the dispatcher on every outbound call: the session swaps in
 * a new compiled set when the file loads, and sets `recorder` while recording is on.
 */
export class RuleBook {
  rules: CompiledRules = CompiledRules.NONE;
  recorder: RuleRecorder | undefined;
}
