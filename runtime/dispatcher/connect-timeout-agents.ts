/**
 * The network end of the outbound dispatcher. undici sets the connect timeout per
 * connector (`Agent({ connect: { timeout } })`), not per request, so requests go to one
 * pooled `Agent` per distinct connect timeout: Spin's default for nearly every request,
 * another only for the timeouts guests set in `request-options`. undici clears that
 * timeout on `secureConnect` for https, so it covers the TLS handshake, as Spin's covers
 * its TCP and TLS connect. Each connector is a `timedConnector`, so a request can say how
 * long its connection took to open.
 */
import { Agent, Dispatcher } from 'undici';
import type { OutboundDispatchOptions } from './outbound-context.js';
import { SPIN_DEFAULT_TIMEOUT_MS } from './spin-timeouts.js';
import { timedConnector } from './timed-connector.js';

/**
 * Agents kept for timeouts other than the default. A guest choosing a new timeout on
 * every request would otherwise grow the map without end; past this many, the oldest
 * agent is closed, which lets the requests it is serving finish.
 */
const MAX_OTHER_AGENTS = 16;

/** Sends each request through the `Agent` for its `connectTimeout` (Spin's 600 s when unset). */
export class ConnectTimeoutAgents extends Dispatcher {
  // Not #private: `compose()` returns a Proxy of this dispatcher, and #fields cannot be read through a Proxy.
  private readonly defaultAgent = agentWithConnectTimeout(SPIN_DEFAULT_TIMEOUT_MS);
  private readonly otherAgents = new Map<number, Agent>();
  private closing = false;

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const timeout = (opts as Partial<OutboundDispatchOptions>).connectTimeout ?? SPIN_DEFAULT_TIMEOUT_MS;
    return this.agentFor(timeout).dispatch(opts, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.closing = true;
    const closed = Promise.all(this.allAgents().map((agent) => agent.close())).then(() => undefined);
    if (callback === undefined) return closed;
    void closed.then(callback);
  }

  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(errorOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    this.closing = true;
    const error = typeof errorOrCallback === 'function' ? null : (errorOrCallback ?? null);
    const done = typeof errorOrCallback === 'function' ? errorOrCallback : callback;
    const destroyed = Promise.all(this.allAgents().map((agent) => agent.destroy(error))).then(() => undefined);
    if (done === undefined) return destroyed;
    void destroyed.then(done);
  }

  private agentFor(timeout: number): Agent {
    // Once closing, the default agent answers every request with undici's closed error.
    if (timeout === SPIN_DEFAULT_TIMEOUT_MS || this.closing) return this.defaultAgent;
    let agent = this.otherAgents.get(timeout);
    if (agent === undefined) {
      agent = agentWithConnectTimeout(timeout);
      this.otherAgents.set(timeout, agent);
      if (this.otherAgents.size > MAX_OTHER_AGENTS) this.closeOldest();
    }
    return agent;
  }

  private closeOldest(): void {
    const [oldest, agent] = this.otherAgents.entries().next().value as [number, Agent];
    this.otherAgents.delete(oldest);
    void agent.close();
  }

  private allAgents(): Agent[] {
    return [this.defaultAgent, ...this.otherAgents.values()];
  }
}

function agentWithConnectTimeout(timeout: number): Agent {
  // undici reads 0 as "no timeout", where Spin's zero timeout gives up at once.
  return new Agent({ connect: timedConnector({ timeout: Math.max(1, timeout) }) });
}
