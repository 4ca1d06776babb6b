import { problemMessage } from '../../runtime/bridge-client/api-call-error.js';
import type { DraftRefusal, RuleField } from './rule-draft.js';

// The rules file's keys (snake_case in rules.toml, camelCase in the API), most specific first: `body_file` before `body`.
const FIELD_WORDS: readonly (readonly [RegExp, RuleField])[] = [
  [/\bbody_?file\b/i, 'bodyFile'],
  [/\bafter_?bytes\b/i, 'afterBytes'],
  [/\bbytes_?per_?second\b/i, 'bytesPerSecond'],
  [/\bstatus\b/i, 'status'],
  [/\bheaders?\b/i, 'headers'],
  [/\bmethod\b/i, 'method'],
  [/\bcomponent\b/i, 'component'],
  [/\burl\b|\bpattern\b/i, 'url'],
  [/\bms\b/i, 'ms'],
  [/\bbody\b/i, 'body'],
  [/\bnam(?:e|es|ed)\b|\bduplicate\b|\bunique\b/i, 'name'],
];

/**
 * The runtime's refusal of a rule the form sent, with the form's field it is about: the
 * error's own `field` when it has one (`url`, `match.url`, `body_file`), else the first
 * rules-file key its message names, leaving out the file's path and whatever is quoted
 * (the runtime quotes the rule's name and the pattern as written, which may hold any
 * word); just the message when it names none.
 */
export function refusalOf(error: unknown): DraftRefusal | { readonly message: string } {
  const message = problemMessage(error);
  const { field: given, file } = (typeof error === 'object' && error !== null ? error : {}) as { field?: unknown; file?: unknown };
  const located = typeof file === 'string' && file !== '' ? message.split(file).join(' ') : message;
  const words = typeof given === 'string' ? given.split('.').pop()! : located.replace(/"(?:[^"\\]|\\.)*"/g, ' ');
  const field = FIELD_WORDS.find(([pattern]) => pattern.test(words))?.[1];
  return field === undefined ? { message } : { field, message };
}
