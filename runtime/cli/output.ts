/** Where a command writes; the real process streams, or buffers in tests. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes shared by every command: 0 success, 1 a denial was found, 2 bad input. */
export const EXIT = { ok: 0, denied: 1, badInput: 2 } as const;
