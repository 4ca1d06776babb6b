import { saveComponentList } from '../app/index.js';
import { UsageError } from '../errors/spinscope-error.js';
import { parseManifest, readManifestText } from '../manifest/index.js';
import { EXIT, type CliOutput } from './output.js';
import { parseCliArgs } from './parse-cli-args.js';

const OPTIONS = {
  manifest: { type: 'string', short: 'f', default: 'spin.toml' },
  component: { type: 'string', short: 'c' },
} as const;

/**
 * `spinscope hosts allow [--manifest spin.toml] --component ID ENTRY...`: adds the
 * entries (say, the one a denial suggested) to the component's allowed_outbound_hosts
 * in place, keeping the rest of the file as it is. A running `up --watch` or
 * `ui --watch` picks the change up for its next request.
 */
export async function hostsAllow(args: readonly string[], io: CliOutput): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  if (values.component === undefined || positionals.length === 0) {
    throw new UsageError('hosts allow needs a component and the entries to add, e.g. spinscope hosts allow --component web https://api.example.com');
  }
  const file = values.manifest;
  const { manifest } = parseManifest(await readManifestText(file), file);
  const component = manifest.components.get(values.component);
  if (component === undefined) {
    const known = [...manifest.components.keys()].join(', ');
    throw new UsageError(`${file} has no component "${values.component}"; its components are: ${known}`);
  }
  const added = positionals.filter((entry, index) => !component.allowedOutboundHosts.includes(entry) && positionals.indexOf(entry) === index);
  if (added.length === 0) {
    io.out(`${values.component} already allows ${positionals.join(', ')}; ${file} is unchanged`);
    return EXIT.ok;
  }
  await saveComponentList(file, values.component, 'allowed_outbound_hosts', [...component.allowedOutboundHosts, ...added]);
  io.out(`${file}: ${values.component} now also allows ${added.join(', ')}`);
  return EXIT.ok;
}
