import type { ErrorInfo } from '../api/events.js';

/** The `error` an event records of what was thrown: its code when it has one (a `SPINSCOPE_*` code, or Node's), name and message. */
export function errorInfo(error: unknown): ErrorInfo {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { ...(typeof code === 'string' ? { code } : {}), name: error.name, message: error.message };
}
