/** Outbound rules (docs/rules.md): the rules file's schema, URL patterns, and the compiled set the dispatcher consults. Pure: no file system. */
export { CompiledRules, type CompiledRule } from './compiled-rules.js';
export { checkRules, parseRules, type LineOf, type ParsedRules } from './parse-rules.js';
export { RuleBook, type RecordedResponse, type RuleRecorder } from './rule-book.js';
export { RulesError, type RulesLocation } from './rules-error.js';
export { rulesToml } from './rules-toml.js';
export { exactUrlPattern, type UrlParts } from './url-pattern.js';
