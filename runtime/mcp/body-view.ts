import type { CapturedBody } from '../api/events.js';

/** A recorded body as a tool shows it: text or base64, cut at a size the agent chose. */
export interface BodyView {
  /** The body's full size in bytes. */
  readonly size: number;
  /** How many bytes `data` holds. */
  readonly shownBytes: number;
  /** `utf8` when the shown bytes are UTF-8 text, else `base64`. */
  readonly encoding: 'utf8' | 'base64';
  readonly data: string;
  /** What is missing and why; absent when the whole body is shown. */
  readonly truncated?: string;
}

/** `body` with at most `maxBytes` of it shown, saying how much is left out and where it was cut. */
export function bodyView(body: CapturedBody, maxBytes: number): BodyView {
  const shown = body.captured.subarray(0, maxBytes);
  const text = utf8Text(shown);
  const cutHere = body.captured.length > shown.length;
  const truncated = cutHere
    ? `showing ${shown.length} of ${body.size} bytes: cut at maxBodyBytes (${maxBytes}); ask get_trace for more`
    : body.truncated
      ? `showing ${shown.length} of ${body.size} bytes: the recorder captured only these (its capture limit)`
      : undefined;
  return {
    size: body.size,
    shownBytes: shown.length,
    encoding: text === undefined ? 'base64' : 'utf8',
    data: text ?? Buffer.from(shown.buffer, shown.byteOffset, shown.byteLength).toString('base64'),
    ...(truncated === undefined ? {} : { truncated }),
  };
}

/** Whether `value` is a recorded body. */
export function isCapturedBody(value: unknown): value is CapturedBody {
  return typeof value === 'object' && value !== null && (value as { captured?: unknown }).captured instanceof Uint8Array && typeof (value as { size?: unknown }).size === 'number';
}

// Streaming mode holds back a character the cut split, rather than calling it invalid.
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}
