import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { newEventId, newTraceId, type EventSink } from '../events/index.js';
import { BuildError } from './build-error.js';
import type { ComponentBuild } from './watch-plan.js';

/**
 * Runs a component's build commands one after another, as `spin build` does
 * (crates/build/src/lib.rs: `Exec::shell(command).cwd(workdir)`, stopping at the first
 * failure), streaming each line they print as a `build.output` event. Throws
 * {@link BuildError} when a command fails.
 */
export async function runBuild(build: ComponentBuild, files: readonly string[], events: EventSink): Promise<void> {
  for (const command of build.commands) await runCommand(build, command, files, events);
}

async function runCommand(build: ComponentBuild, command: string, files: readonly string[], events: EventSink): Promise<void> {
  const { component, workdir } = build;
  const traceId = newTraceId();
  const startedId = newEventId();
  const started = performance.now();
  events.publish({ kind: 'build.started', id: startedId, time: Date.now(), traceId, component, command, workdir, files });
  const child = spawn(command, { cwd: workdir, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = (stream: 'stdout' | 'stderr', from: Readable) =>
    new Promise<void>((resolve) => {
      createInterface({ input: from, crlfDelay: Infinity })
        .on('line', (line) => events.publish({ kind: 'build.output', id: newEventId(), time: Date.now(), traceId, parentId: startedId, component, stream, line }))
        .on('close', resolve);
    });
  const exit = new Promise<number | undefined>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? undefined));
  });
  let failure: BuildError | undefined;
  let exitCode: number | undefined;
  try {
    [exitCode] = await Promise.all([exit, output('stdout', child.stdout), output('stderr', child.stderr)]);
    if (exitCode !== 0) {
      const status = exitCode === undefined ? 'was ended by a signal' : `failed with exit code ${exitCode}`;
      failure = new BuildError(`Build command for component ${component} ${status}`, { component, command, ...(exitCode === undefined ? {} : { exitCode }) });
    }
  } catch (error) {
    failure = new BuildError(`Cannot spawn build process '${command}' for component ${component}: ${(error as Error).message}`, { component, command, cause: error });
  }
  events.publish({
    kind: 'build.finished',
    id: newEventId(),
    time: Date.now(),
    traceId,
    parentId: startedId,
    component,
    command,
    ...(exitCode === undefined ? {} : { exitCode }),
    ok: failure === undefined,
    durationMs: Math.round(performance.now() - started),
    ...(failure === undefined ? {} : { error: { code: failure.code, name: failure.name, message: failure.message } }),
  });
  if (failure !== undefined) throw failure;
}
