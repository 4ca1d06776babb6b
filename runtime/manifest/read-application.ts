import type { ManifestWarning } from './app-manifest.js';
import { readHttpBase } from './read-http-settings.js';
import type { TableReader } from './table-reader.js';

/** `[application]` fields, in Spin's `AppDetails` order (spec §15.63). */
const APPLICATION_FIELDS = ['name', 'version', 'description', 'authors', 'targets', 'trigger', 'tool'] as const;

/** The `[application]` details an `AppManifest` keeps. */
export interface ApplicationDetails {
  readonly name: string;
  readonly version?: string;
  readonly description?: string;
  readonly authors: string[];
  readonly httpBase: string;
}

/** Reads a v2 `[application]` table, including `[application.trigger.http]` (spec §15.63, §15.64). */
export function readApplication(application: TableReader, warnings: ManifestWarning[]): ApplicationDetails {
  application.expectFields(APPLICATION_FIELDS);
  const name = application.requiredString('name');
  const version = application.string('version');
  const description = application.string('description');
  const authors = application.strings('authors') ?? [];
  const targets = application.raw('targets');
  if (targets !== undefined && !Array.isArray(targets)) application.invalidType(['targets'], targets, 'a sequence');
  application.table('tool');
  const triggerSettings = application.table('trigger');
  for (const type of triggerSettings?.keys() ?? []) triggerSettings?.table(type);
  const httpBase = readHttpBase(triggerSettings?.table('http'), ['base'], warnings);
  return {
    name,
    ...(version !== undefined && version !== '' && { version }),
    ...(description !== undefined && description !== '' && { description }),
    authors,
    httpBase,
  };
}
