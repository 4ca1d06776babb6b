import { SPINSCOPE_API_VERSION, type SpinscopeApi } from '../../../runtime/api/contract.js';

function unused(method: string): never {
  throw new Error(`${method}() is not used by this test`);
}

/**
 * A `SpinscopeApi` whose every method fails the test: a fake extends it and overrides
 * just what the code under test calls, so an unexpected call shows up by name.
 */
export class UnusedApi implements SpinscopeApi {
  readonly version = SPINSCOPE_API_VERSION;
  status(): ReturnType<SpinscopeApi['status']> {
    return unused('status');
  }
  components(): ReturnType<SpinscopeApi['components']> {
    return unused('components');
  }
  events(..._args: Parameters<SpinscopeApi['events']>): ReturnType<SpinscopeApi['events']> {
    return unused('events');
  }
  onEvents(..._args: Parameters<SpinscopeApi['onEvents']>): ReturnType<SpinscopeApi['onEvents']> {
    return unused('onEvents');
  }
  onStatus(..._args: Parameters<SpinscopeApi['onStatus']>): ReturnType<SpinscopeApi['onStatus']> {
    return unused('onStatus');
  }
  openProject(..._args: Parameters<SpinscopeApi['openProject']>): ReturnType<SpinscopeApi['openProject']> {
    return unused('openProject');
  }
  recentProjects(): ReturnType<SpinscopeApi['recentProjects']> {
    return unused('recentProjects');
  }
  start(): ReturnType<SpinscopeApi['start']> {
    return unused('start');
  }
  stop(): ReturnType<SpinscopeApi['stop']> {
    return unused('stop');
  }
  restart(): ReturnType<SpinscopeApi['restart']> {
    return unused('restart');
  }
  clearEvents(): ReturnType<SpinscopeApi['clearEvents']> {
    return unused('clearEvents');
  }
  setAllowedHosts(..._args: Parameters<SpinscopeApi['setAllowedHosts']>): ReturnType<SpinscopeApi['setAllowedHosts']> {
    return unused('setAllowedHosts');
  }
  setStoreAccess(..._args: Parameters<SpinscopeApi['setStoreAccess']>): ReturnType<SpinscopeApi['setStoreAccess']> {
    return unused('setStoreAccess');
  }
  keyValueStores(): ReturnType<SpinscopeApi['keyValueStores']> {
    return unused('keyValueStores');
  }
  keyValueKeys(..._args: Parameters<SpinscopeApi['keyValueKeys']>): ReturnType<SpinscopeApi['keyValueKeys']> {
    return unused('keyValueKeys');
  }
  keyValueGet(..._args: Parameters<SpinscopeApi['keyValueGet']>): ReturnType<SpinscopeApi['keyValueGet']> {
    return unused('keyValueGet');
  }
  keyValueSet(..._args: Parameters<SpinscopeApi['keyValueSet']>): ReturnType<SpinscopeApi['keyValueSet']> {
    return unused('keyValueSet');
  }
  keyValueDelete(..._args: Parameters<SpinscopeApi['keyValueDelete']>): ReturnType<SpinscopeApi['keyValueDelete']> {
    return unused('keyValueDelete');
  }
  replay(..._args: Parameters<SpinscopeApi['replay']>): ReturnType<SpinscopeApi['replay']> {
    return unused('replay');
  }
  discardSessionChanges(..._args: Parameters<SpinscopeApi['discardSessionChanges']>): ReturnType<SpinscopeApi['discardSessionChanges']> {
    return unused('discardSessionChanges');
  }
  learnAllowedHosts(): ReturnType<SpinscopeApi['learnAllowedHosts']> {
    return unused('learnAllowedHosts');
  }
}
