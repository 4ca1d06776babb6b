/**
 * The flags that say which app to run and how, shared by the commands that open a
 * `ProjectSession` (`ui`, `mcp`), and how they become its options. `up` takes the same
 * flags (plus `--events-out`) but starts the app without a session.
 */
import { resolve } from 'node:path';
import { ProjectSession } from '../session/index.js';
import { parseEnvFlags } from './env-flags.js';
import { EVENT_BUDGET_OPTIONS, eventBudgetStartOptions, type EventBudgetFlagValues } from './event-budget-flags.js';
import { projectArgument } from './project-argument.js';
import { STORE_OPTIONS, storeStartOptions, type StoreFlagValues } from './store-flags.js';

export const APP_OPTIONS = {
  file: { type: 'string', short: 'f' },
  listen: { type: 'string' },
  variable: { type: 'string', multiple: true },
  env: { type: 'string', short: 'e', multiple: true },
  watch: { type: 'boolean' },
  rules: { type: 'string' },
  ...STORE_OPTIONS,
  ...EVENT_BUDGET_OPTIONS,
} as const;

/** The parsed values of {@link APP_OPTIONS}. */
export interface AppFlagValues extends StoreFlagValues, EventBudgetFlagValues {
  readonly file?: string;
  readonly listen?: string;
  readonly variable?: readonly string[];
  readonly env?: readonly string[];
  readonly watch?: boolean;
  readonly rules?: string;
}

/** Opens the project the flags and positionals name (the bundled example when none) for `command`. */
export function openProjectSession(command: 'ui' | 'mcp', values: AppFlagValues, positionals: readonly string[], env: NodeJS.ProcessEnv): Promise<ProjectSession> {
  const project = projectArgument(command, values.file, positionals);
  return ProjectSession.open({
    env,
    variables: values.variable ?? [],
    cliEnvironment: parseEnvFlags(values.env ?? []),
    ...storeStartOptions(values, env),
    ...eventBudgetStartOptions(values),
    watch: values.watch === true,
    ...(project === undefined ? {} : { project }),
    ...(values.listen === undefined ? {} : { listen: values.listen }),
    ...(values.rules === undefined ? {} : { rulesFile: resolve(values.rules) }),
  });
}
