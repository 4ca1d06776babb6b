import { API_METHODS, SPINSCOPE_API_VERSION, type SpinscopeApi, type SpinscopeApiMethod } from '../../../runtime/api/contract.js';

function unused(method: string): never {
  throw new Error(`${method}() is not used by this test`);
}

/**
 * A `SpinscopeApi` whose every method fails the test: a fake extends it and overrides
 * just what the code under test calls, so an unexpected call shows up by name. It has
 * every method of the contract's table but the desktop's own, as the WebSocket client does.
 */
export interface UnusedApi extends SpinscopeApi {}
export class UnusedApi implements SpinscopeApi {
  static {
    for (const method of Object.keys(API_METHODS) as SpinscopeApiMethod[]) {
      if ('desktopOnly' in API_METHODS[method]) continue;
      Object.defineProperty(UnusedApi.prototype, method, { value: () => unused(method), writable: true, configurable: true });
    }
  }

  readonly version = SPINSCOPE_API_VERSION;
}
