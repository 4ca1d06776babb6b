/**
 * The project named on the command line: `spinscope-desktop ./my-app` when
 * packaged, `electron . ./my-app` (what `npm start -- ./my-app` runs) in
 * development; and how a second launch hands it to the running instance.
 */
import { isAbsolute, resolve } from 'node:path';

/**
 * The first argument after the app's own that is not a switch, or undefined.
 * `argv` is `process.argv`; Chromium and Electron switches (`--no-sandbox`,
 * `--inspect=...`) are skipped wherever they stand, the app path of development too.
 */
export function projectArgument(argv: readonly string[], isPackaged: boolean): string | undefined {
  // Packaged: [executable, ...args]. Development: [electron, ...switches, appPath, ...args].
  const args = argv.slice(1).filter((arg) => !arg.startsWith('-'));
  return args[isPackaged ? 0 : 1];
}

/**
 * What a launch asks the running instance for, sent as `additionalData` of
 * `app.requestSingleInstanceLock`: Electron passes it on exactly, while the
 * `argv` of 'second-instance' may be reordered and gain Chromium switches.
 */
export interface LaunchRequest {
  /** The project, already resolved against the launching shell's directory. */
  readonly project?: string;
}

/** This launch's request: its project argument resolved against `workingDirectory`. */
export function launchRequest(argv: readonly string[], isPackaged: boolean, workingDirectory: string): LaunchRequest {
  const project = projectArgument(argv, isPackaged);
  return project === undefined ? {} : { project: resolve(workingDirectory, project) };
}

/**
 * A second instance's request, from the `additionalData` of 'second-instance'.
 * Anything but an absolute project path (another program holding our lock,
 * an older Spinscope) asks only for the window.
 */
export function readLaunchRequest(additionalData: unknown): LaunchRequest {
  if (typeof additionalData !== 'object' || additionalData === null) return {};
  const { project } = additionalData as { project?: unknown };
  return typeof project === 'string' && isAbsolute(project) ? { project } : {};
}
