import type { Dispatcher } from 'undici';
import { MemoryController } from './memory-dispatch.js';

/**
 * Fails a dispatch before any I/O, the way undici's own dispatchers report bad
 * options: `onResponseError`, on a later tick, never a throw out of `dispatch()`.
 */
export function failDispatch(handler: Dispatcher.DispatchHandler, error: Error): boolean {
  queueMicrotask(() => handler.onResponseError?.(new MemoryController(), error));
  return true;
}
