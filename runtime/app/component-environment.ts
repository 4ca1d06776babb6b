/**
 * A component's environment as Spin hands it to the guest: its manifest `environment`
 * (copied verbatim, no `{{ }}` templates), then `spin up --env` pairs over it, a repeated
 * key keeping its last value (`UpCommand::update_locked_app`). Spin keeps them in a
 * `BTreeMap`, so `wasi:cli/environment` lists them sorted by key, byte by byte.
 */
export function componentEnvironment(
  environment: ReadonlyMap<string, string>,
  overrides: readonly (readonly [string, string])[],
): (readonly [string, string])[] {
  const merged = new Map([...environment, ...overrides]);
  return [...merged].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
