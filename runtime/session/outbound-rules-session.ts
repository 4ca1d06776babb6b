/**
 * The outbound rules of one project (docs/rules.md): its rules file, loaded into the
 * `RuleBook` the dispatcher reads, reloaded when the file changes, written back when the
 * inspector edits the rules, and the record switch that saves real responses as stubs.
 * A file that fails to load leaves the rules before it in force, and says why.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { OutboundRule, OutboundRules } from '../api/contract.js';
import { checkRules, CompiledRules, exactUrlPattern, parseRules, RuleBook, rulesToml, RulesError, type LineOf, type RecordedResponse } from '../rules/index.js';
import { FileWatcher } from '../watch/index.js';
import { stubBodies } from './stub-bodies.js';

/** Where a project's rules file is by default: `.spinscope/rules.toml` beside its spin.toml. */
export function defaultRulesFile(manifestFile: string): string {
  return join(dirname(manifestFile), '.spinscope', 'rules.toml');
}

/** Response headers a stub does not repeat: the connection's own, and the framing the stub sets from its body. */
const UNRECORDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection', 'upgrade', 'te', 'trailer']);

/** Where recorded bodies that are not UTF-8 text go, relative to the rules file. */
const RECORDED_BODIES = 'recorded';

/** How rules problems reach the developer: an `app.warning` in the session, a line on stderr for `up`. */
export type RulesWarn = (message: string, error?: Error) => void;

export class OutboundRulesSession {
  /** What the dispatcher reads; the same object for the session's whole life. */
  readonly book = new RuleBook();
  readonly #warn: RulesWarn;
  readonly #maxBodyBytes: number;
  #file: string | undefined;
  #rules: readonly OutboundRule[] = [];
  /** The stubs' `body_file` contents in force, by the path as written. */
  #bodies: ReadonlyMap<string, Uint8Array> = new Map();
  #problem: OutboundRules['problem'];
  #watcher: FileWatcher | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** `maxBodyBytes`: the largest response body recording saves (the event capture limit). */
  constructor(warn: RulesWarn, maxBodyBytes: number) {
    this.#warn = warn;
    this.#maxBodyBytes = maxBodyBytes;
  }

  /** Uses `file` from now on: loads it (no file: no rules) and reloads it whenever it changes. */
  use(file: string): Promise<void> {
    const absolute = resolve(file);
    if (absolute === this.#file) return Promise.resolve();
    return this.#serially(async () => {
      await this.#unwatch();
      this.#file = absolute;
      this.#put([], new Map());
      this.#problem = undefined;
      await this.#load();
      await this.#watch();
    });
  }

  snapshot(): OutboundRules {
    return {
      file: this.#file ?? '',
      rules: this.#rules,
      recording: this.book.recorder !== undefined,
      ...(this.#problem === undefined ? {} : { problem: this.#problem }),
    };
  }

  /** Checks `rules` as the loader would, writes them to the file and puts them in force. Throws RulesError. */
  set(rules: readonly OutboundRule[]): Promise<OutboundRules> {
    return this.#serially(async () => {
      const file = this.#fileInUse();
      checkRules(rules, file);
      const bodies = await stubBodies(rules, file, () => undefined);
      await this.#write(file, rules);
      this.#problem = undefined;
      this.#put(rules, bodies);
    }).then(() => this.snapshot());
  }

  /** The record switch. */
  async setRecording(on: boolean): Promise<OutboundRules> {
    this.#fileInUse();
    this.book.recorder = on ? { maxBodyBytes: this.#maxBodyBytes, record: (response) => void this.#record(response) } : undefined;
    return this.snapshot();
  }

  async close(): Promise<void> {
    this.book.recorder = undefined;
    await this.#serially(() => this.#unwatch());
  }

  async #load(): Promise<void> {
    const file = this.#file;
    if (file === undefined) return;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.#problem = undefined;
        this.#put([], new Map());
        return;
      }
      this.#failed(new RulesError({ file }, `cannot be read (${(error as Error).message}); the rules loaded before stay in force`, { cause: error }));
      return;
    }
    try {
      const { rules, lineOf } = parseRules(text, file);
      const bodies = await stubBodies(rules, file, lineOf);
      this.#problem = undefined;
      this.#put(rules, bodies);
    } catch (error) {
      if (!(error instanceof RulesError)) throw error;
      this.#failed(error);
    }
  }

  #failed(error: RulesError): void {
    this.#problem = { message: error.message, file: error.file, ...(error.line === undefined ? {} : { line: error.line }) };
    this.#warn(`${error.message} (the rules loaded before stay in force until the file loads)`, error);
  }

  #put(rules: readonly OutboundRule[], bodies: ReadonlyMap<string, Uint8Array>): void {
    this.#rules = rules;
    this.#bodies = bodies;
    this.book.rules = new CompiledRules(rules, bodies);
  }

  /** Saves `response` as the stub rule for its method and URL, replacing an earlier recording of it. */
  #record(response: RecordedResponse): Promise<void> {
    return this.#serially(async () => {
      const file = this.#file;
      if (file === undefined || this.book.recorder === undefined) return;
      if (this.#problem !== undefined) {
        this.#warn(`not recording ${response.method} ${response.url}: the rules file ${file} does not load; fix it first`);
        return;
      }
      // The URL as the guest sent it (not normalised, so the pattern matches it again), without userinfo.
      const url = response.url.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1');
      const name = `recorded ${response.method} ${url.slice(url.indexOf('://') + 3)}`;
      const headers = response.headers.filter(([header]) => !UNRECORDED.has(header.toLowerCase()));
      const text = utf8(response.body);
      const bodyFile = text === undefined ? await this.#saveBody(file, response.body) : undefined;
      const rule: OutboundRule = {
        name,
        enabled: true,
        match: { method: response.method, url: exactUrlPattern(url) },
        action: { kind: 'stub', status: response.status, ...(headers.length === 0 ? {} : { headers }), ...(text === undefined || text === '' ? {} : { body: text }), ...(bodyFile === undefined ? {} : { bodyFile }) },
      };
      const at = this.#rules.findIndex((existing) => existing.name === name);
      const rules = at < 0 ? [...this.#rules, rule] : this.#rules.map((existing, index) => (index === at ? rule : existing));
      // The bodies in force and the one just saved are in memory already.
      const held = bodyFile === undefined ? this.#bodies : new Map([...this.#bodies, [bodyFile, response.body]]);
      const bodies = await stubBodies(rules, file, () => undefined, held);
      await this.#write(file, rules);
      this.#put(rules, bodies);
    }).catch((error: unknown) => this.#warn(`could not record ${response.method} ${response.url}: ${(error as Error).message}`, error as Error));
  }

  async #saveBody(file: string, body: Uint8Array): Promise<string> {
    const name = `${createHash('sha256').update(body).digest('hex').slice(0, 16)}.bin`;
    const path = join(dirname(file), RECORDED_BODIES, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    return relative(dirname(file), path).split('\\').join('/');
  }

  async #write(file: string, rules: readonly OutboundRule[]): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, rulesToml(rules));
    await rename(temporary, file);
    if (this.#watcher === undefined) await this.#watch();
  }

  async #watch(): Promise<void> {
    const file = this.#file;
    // A rules directory made later (by a first save) is watched from then on.
    if (file === undefined || !existsSync(dirname(file))) return;
    const reload = () => this.#serially(() => this.#load()).catch((error: unknown) => this.#warn(`${file}: could not reload the rules: ${(error as Error).message}`, error as Error));
    this.#watcher = await FileWatcher.start({ files: [file], dirs: [] }, () => void reload());
  }

  async #unwatch(): Promise<void> {
    await this.#watcher?.close();
    this.#watcher = undefined;
  }

  #fileInUse(): string {
    if (this.#file === undefined) throw new RulesError({ file: '(no project)' }, 'no project is open; open one first');
    return this.#file;
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** `body` as text, or undefined when it is not UTF-8 (a recorded image, a gzipped body). */
function utf8(body: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}
