import { SpinscopeError } from '../errors/spinscope-error.js';

/** Where a rules problem is: the rules file and line, and the rule, when known. */
export interface RulesLocation {
  readonly file: string;
  readonly line?: number | undefined;
  /** The rule's name, or its position (`rule 3`) when it has none. */
  readonly rule?: string | undefined;
  /** The rules-file key the problem is about (`url`, `body_file`), when it is about one. */
  readonly field?: string | undefined;
}

/**
 * A rules file (or a list of rules from the inspector) that cannot be put in force: the
 * message names `file:line`, the rule, what is wrong and what to write instead.
 */
export class RulesError extends SpinscopeError {
  readonly code = 'SPINSCOPE_RULES';
  readonly file: string;
  readonly line: number | undefined;
  readonly rule: string | undefined;
  readonly field: string | undefined;
  /** The problem alone, without the location prefix. */
  readonly problem: string;

  constructor(location: RulesLocation, problem: string, options?: { cause?: unknown }) {
    const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
    super(`${where}: ${location.rule === undefined ? '' : `${location.rule}: `}${problem}`, options);
    this.file = location.file;
    this.line = location.line;
    this.rule = location.rule;
    this.field = location.field;
    this.problem = problem;
  }

  protected override fields(): Record<string, unknown> {
    return { file: this.file, line: this.line, rule: this.rule, field: this.field };
  }
}
