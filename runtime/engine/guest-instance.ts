/**
 * One instance of a transpiled `wasi:http/proxy` guest, created with a fresh
 * host and used for exactly one request (Spin's semantics). Its response goes
 * out as it is produced: the head when the guest sets it, then the body as written.
 */
import { pathToFileURL } from 'node:url';
import { createGuestHost, headersFromWit, IncomingRequest, ResponseOutparam, WriteWindow, type GuestHostOptions } from '../host/index.js';
import { concatBytes, type ByteQueue, type RequestHead } from '../http/index.js';
import { EngineError } from './engine-error.js';
import { GuestTrap } from './guest-trap.js';
import type { MemoryPool } from './memory-pool.js';
import type { GuestOutput } from './worker-protocol.js';

/** The export jco generates for `wasi:http/incoming-handler@0.2.x`. */
interface IncomingHandler {
  /** `handle: func(request: incoming-request, response-out: response-outparam);` */
  handle(request: IncomingRequest, responseOut: ResponseOutparam): void;
}

/** jco's `--instantiation async` entry point. */
type Instantiate = (
  getCoreModule: (name: string) => WebAssembly.Module,
  imports: Record<string, object>,
  instantiateCore: (module: WebAssembly.Module, imports: WebAssembly.Imports) => WebAssembly.Instance,
) => { incomingHandler?: IncomingHandler } | Promise<{ incomingHandler?: IncomingHandler }>;

/** Where an instance's response goes as the guest produces it. */
export interface ResponseSink {
  /** `bodyless`: the guest set its response without ever taking its body. */
  head(status: number, headers: [string, string][], bodyless: boolean): void;
  body(bytes: Uint8Array): void;
  /** The guest dropped its response body without finishing it. */
  abort(): void;
  /** How many of the body's bytes the client has taken so far (the guest writes no further ahead than a window). */
  taken(): number;
}

/** An instance waiting for its one request. */
export interface GuestInstance {
  /** Runs the request (its body whole, or arriving); returns once the guest has finished it. */
  handle(request: RequestHead, body: Uint8Array | ByteQueue, sink: ResponseSink): GuestOutput;
  /** Hands the instance's memories back to the pool, reset, if `handle` returned; after a trap, or unused, it does nothing. */
  recycle(): void;
}

/**
 * Loads the glue and returns a factory of fresh instances, each given a host built
 * from `host` and memories from `memories` (every other part of an instance is new).
 */
export async function prepareGuest(
  gluePath: string,
  modules: Record<string, WebAssembly.Module>,
  memories: MemoryPool,
  host: GuestHostOptions,
): Promise<() => Promise<GuestInstance>> {
  const { instantiate } = (await import(pathToFileURL(gluePath).href)) as { instantiate: Instantiate };
  const getCoreModule = (name: string): WebAssembly.Module => {
    const module = modules[name];
    if (module === undefined) throw new EngineError(`the glue asked for an unknown core module ${name}`);
    return module;
  };
  const names = new Map(Object.entries(modules).map(([name, module]) => [module, name]));

  return async () => {
    const guestHost = createGuestHost(host);
    const lease = memories.lease();
    // Synchronous instantiation: with modules already compiled, jco's glue
    // then returns the exports directly instead of a promise.
    const instantiateCore = (module: WebAssembly.Module, imports: WebAssembly.Imports): WebAssembly.Instance =>
      new WebAssembly.Instance(module, lease.withMemories(names.get(module) ?? '', imports));
    const exports = await instantiate(getCoreModule, guestHost.imports, instantiateCore);
    const handler = exports.incomingHandler;
    if (handler === undefined) throw new EngineError('the component does not export wasi:http/incoming-handler');
    const text = (chunks: Uint8Array[]): string => Buffer.from(concatBytes(chunks)).toString('utf8');

    let finished = false;
    /** @throws {GuestTrap} when the guest traps or ends without a response. */
    const handle = (request: RequestHead, body: Uint8Array | ByteQueue, sink: ResponseSink): GuestOutput => {
      const responseOut = new ResponseOutparam((response) => {
        const { status, headers } = response.head();
        // Once set, the response can no longer give out its body: wasmtime then sends an
        // `Empty` body, which hyper frames as `content-length: 0`.
        const body = response.takenBody;
        sink.head(status, headersFromWit(headers), body === undefined);
        if (body === undefined) return;
        // wasmtime aborts a body dropped unfinished (`HostOutgoingBody` drop), and hyper cuts the connection.
        if (body.abandoned) sink.abort();
        else body.whenDropped(() => sink.abort());
        response.streamBodyTo(new WriteWindow((bytes) => sink.body(bytes), () => sink.taken(), () => host.outbound.waitForResults()));
      });
      try {
        handler.handle(new IncomingRequest(request, body, (deadline) => host.outbound.waitForResults(deadline)), responseOut);
      } catch (error) {
        throw new GuestTrap(error instanceof Error ? error.message : String(error), { stderr: text(guestHost.stderr), cause: error });
      } finally {
        guestHost.dispose();
      }
      const result = responseOut.result;
      if (result === undefined) throw new GuestTrap('the guest returned without setting a response', { stderr: text(guestHost.stderr) });
      if (result.tag === 'err') throw new GuestTrap(`the guest responded with error ${result.val.tag}`, { stderr: text(guestHost.stderr) });
      // Not checking `outgoing-body.finish`: StarlingMonkey's own 500 for a failed handler never calls it.
      finished = true;
      return { stdout: text(guestHost.stdout), stderr: text(guestHost.stderr) };
    };
    // Only after a clean request: what a trap leaves behind is never handed on, reset or not,
    // and a new memory costs little next to a trap.
    const recycle = (): void => {
      if (finished) lease.recycle();
    };
    return { handle, recycle };
  };
}
