import { loadApp, type LoadedApp } from '../app/index.js';
import { UsageError } from '../errors/spinscope-error.js';
import { recordedCalls, type SessionCalls } from '../session/index.js';
import { parseVariableFlags } from '../variables/index.js';
import type { CliOutput } from './output.js';
import { readEventsFile } from './read-events-file.js';

/** The options `hosts what-if` and `hosts audit` share. */
export const RECORDED_SESSION_OPTIONS = {
  events: { type: 'string' },
  manifest: { type: 'string', short: 'f', default: 'spin.toml' },
  component: { type: 'string', short: 'c' },
  variable: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
} as const;

/** A recorded session (an `--events-out` file) beside the app whose spin.toml it is checked against. */
export interface RecordedSession {
  readonly app: LoadedApp;
  readonly session: SessionCalls;
}

/**
 * Loads spin.toml as `spin up` would (its variables resolved from `--variable` and
 * `SPIN_VARIABLE_*`) and the calls of the events file. Calls of components spin.toml
 * does not have are left out, with a warning naming them.
 */
export async function loadRecordedSession(
  command: string,
  values: { events?: string | undefined; manifest: string; variable?: string[] | undefined },
  io: CliOutput,
  env: NodeJS.ProcessEnv,
): Promise<RecordedSession> {
  if (values.events === undefined) {
    throw new UsageError(`hosts ${command} needs the recorded session, e.g. spinscope hosts ${command} --events events.jsonl -f spin.toml (record one with spinscope up --events-out events.jsonl)`);
  }
  const events = await readEventsFile(values.events);
  const app = await loadApp(values.manifest, { env, cliVariables: parseVariableFlags(values.variable ?? []) });
  const session = recordedCalls(events);
  const strangers = new Set(session.calls.map(({ call }) => call.component).filter((component) => !app.manifest.components.has(component)));
  for (const component of strangers) io.err(`Warning: ${values.events} has calls of component "${component}", which ${values.manifest} does not have; they are not checked`);
  return { app, session };
}

/** Which components to report: `component` alone (refused when the app does not have it), else all in manifest order. */
export function chosenComponents(app: LoadedApp, manifestFile: string, component: string | undefined): string[] {
  const known = [...app.manifest.components.keys()];
  if (component === undefined) return known;
  if (!known.includes(component)) throw new UsageError(`${manifestFile} has no component "${component}"; its components are: ${known.join(', ')}`);
  return [component];
}
