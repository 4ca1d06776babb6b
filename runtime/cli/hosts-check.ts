import { loadApp } from '../app/index.js';
import { UsageError } from '../errors/spinscope-error.js';
import { AllowedHosts, isSelfRequestUrl, type Explanation } from '../permissions/index.js';
import { parseVariableFlags } from '../variables/index.js';
import { formatExplanation } from './format-explanation.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';

const OPTIONS = {
  manifest: { type: 'string', short: 'f' },
  component: { type: 'string', short: 'c' },
  allow: { type: 'string', multiple: true },
  variable: { type: 'string', multiple: true },
  'default-scheme': { type: 'string', default: 'https' },
  json: { type: 'boolean', default: false },
} as const;

/**
 * `spinscope hosts check (--manifest spin.toml --component ID | --allow ENTRY ...) URL...`:
 * one verdict per URL; exit 0 when all are allowed, 1 when any is denied.
 */
export async function hostsCheck(args: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  if (positionals.length === 0) throw new UsageError('hosts check needs at least one URL to check');
  const hosts = await policyFrom(values, env);
  let allAllowed = true;
  for (const url of positionals) {
    const explanation = explain(hosts, url, values['default-scheme']);
    allAllowed &&= explanation.allowed;
    if (values.json) io.out(JSON.stringify(explanation));
    else formatExplanation(explanation).forEach((line) => io.out(line));
  }
  return allAllowed ? EXIT.ok : EXIT.denied;
}

async function policyFrom(
  values: { manifest?: string | undefined; component?: string | undefined; allow?: string[] | undefined; variable?: string[] | undefined },
  env: NodeJS.ProcessEnv,
): Promise<AllowedHosts> {
  if (values.allow !== undefined) {
    if (values.manifest !== undefined || values.component !== undefined) {
      throw new UsageError('use either --allow ENTRY... or --manifest FILE --component ID, not both');
    }
    return AllowedHosts.parse(values.allow);
  }
  if (values.manifest === undefined || values.component === undefined) {
    throw new UsageError('say which policy to check against: --manifest spin.toml --component ID, or --allow ENTRY (repeatable)');
  }
  const app = await loadApp(values.manifest, { env, cliVariables: parseVariableFlags(values.variable ?? []) });
  const hosts = app.policies.get(values.component);
  if (hosts === undefined) {
    const known = [...app.policies.keys()].join(', ');
    throw new UsageError(`${values.manifest} has no component "${values.component}"; its components are: ${known}`);
  }
  return hosts;
}

// A path-only URL, or one to `self.alt`, is a relative ("self") request (spec §9.40).
function explain(hosts: AllowedHosts, url: string, defaultScheme: string): Explanation {
  if (isSelfRequestUrl(url)) return { ...hosts.explainRelative(), url };
  return hosts.explain(url, defaultScheme);
}
