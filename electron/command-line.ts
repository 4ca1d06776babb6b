/**
 * The project named on the command line: `spinscope-desktop ./my-app` when
 * packaged, `electron . ./my-app` (what `npm start -- ./my-app` runs) in development.
 */

/**
 * The first argument after the app's own that is not a switch, or undefined.
 * `argv` is `process.argv` (or a second instance's `argv`); Chromium and
 * Electron switches (`--no-sandbox`, `--inspect=...`) are skipped.
 */
export function projectArgument(argv: readonly string[], isPackaged: boolean): string | undefined {
  // Packaged: [executable, ...args]. Development: [electron, appPath, ...args].
  const args = argv.slice(isPackaged ? 1 : 2);
  return args.find((arg) => !arg.startsWith('-'));
}
