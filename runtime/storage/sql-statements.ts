/**
 * Splits SQL text into statements the way SQLite's `sqlite3_prepare` reads them, and
 * numbers each statement's parameters as SQLite does. rusqlite prepares only the first
 * statement of a string and ignores the tail (Spin's `execute`); the drivers refuse a
 * string with several statements, so Spinscope cuts the first one out itself.
 */

/** One statement of a SQL text. */
export interface SqlStatement {
  /** From its first token through its terminating `;` (or the end of the text). */
  readonly text: string;
  /**
   * Its parameters by SQLite index (entry 0 is `?1`): the name `sqlite3_bind_parameter_name`
   * gives (`:id`, `@id`, `$id`, `?3`), or `undefined` for a bare `?` and for unused indexes.
   */
  readonly parameters: readonly (string | undefined)[];
  /** For `ATTACH <literal> AS ...`, the file name the authorizer sees (SQLite's `SQLITE_ATTACH` argument). */
  readonly attachFile?: string;
}

/** The first statement of `sql`, or `undefined` when it holds only spaces, comments and `;`. */
export function firstStatement(sql: string): SqlStatement | undefined {
  return statements(sql).next().value;
}

/** Every statement of `sql`, in order (what rusqlite's `execute_batch` runs). */
export function splitStatements(sql: string): SqlStatement[] {
  return [...statements(sql)];
}

type TokenKind = 'word' | 'string' | 'quoted' | 'variable' | 'semicolon' | 'open' | 'close' | 'other';

interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
}

// States and transitions of SQLite's `sqlite3_complete` (complete.c): a `;` ends a statement
// except inside `CREATE [TEMP] TRIGGER ... BEGIN ...; END`, which only `END ;` ends.
type State = 'start' | 'normal' | 'explain' | 'create' | 'trigger' | 'semi' | 'end';
type Keyword = 'explain' | 'create' | 'temp' | 'trigger' | 'end' | 'other';

function* statements(sql: string): Generator<SqlStatement> {
  const tokens = tokenize(sql);
  let index = 0;
  while (index < tokens.length) {
    // `ecmd ::= SEMI` (parse.y): empty statements before a statement are skipped.
    if (tokens[index]?.kind === 'semicolon') {
      index++;
      continue;
    }
    const first = index;
    let state: State = 'start';
    while (index < tokens.length) {
      const token = tokens[index++] as Token;
      if (token.kind === 'semicolon') {
        if (state === 'trigger' || state === 'semi') {
          state = 'semi';
          continue;
        }
        break;
      }
      state = next(state, keyword(sql, token));
    }
    const own = tokens.slice(first, index);
    const last = own[own.length - 1] as Token;
    const attachFile = attachedFile(sql, own);
    yield {
      text: sql.slice((own[0] as Token).start, last.end),
      parameters: numberParameters(own.filter((token) => token.kind === 'variable').map((token) => sql.slice(token.start, token.end))),
      ...(attachFile !== undefined && { attachFile }),
    };
  }
}

function next(state: State, word: Keyword): State {
  switch (state) {
    case 'start':
      return word === 'explain' ? 'explain' : word === 'create' ? 'create' : 'normal';
    case 'explain':
      return word === 'create' ? 'create' : word === 'other' ? 'explain' : 'normal';
    case 'create':
      return word === 'temp' ? 'create' : word === 'trigger' ? 'trigger' : 'normal';
    case 'trigger':
      return 'trigger';
    case 'semi':
      return word === 'end' ? 'end' : 'trigger';
    case 'end':
      return 'trigger';
    case 'normal':
      return 'normal';
  }
}

function keyword(sql: string, token: Token): Keyword {
  if (token.kind !== 'word') return 'other';
  switch (sql.slice(token.start, token.end).toLowerCase()) {
    case 'explain':
      return 'explain';
    case 'create':
      return 'create';
    case 'temp':
    case 'temporary':
      return 'temp';
    case 'trigger':
      return 'trigger';
    case 'end':
      return 'end';
    default:
      return 'other';
  }
}

// SQLite's `sqlite3ExprAssignVarNumber` (expr.c): `?` takes the next index, `?NNN` index NNN,
// and a name its earlier index or the next one. `?NNN` is named too when it first claims an index.
function numberParameters(variables: readonly string[]): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  const indexOf = new Map<string, number>();
  for (const variable of variables) {
    if (variable === '?') {
      names.push(undefined);
    } else if (variable.startsWith('?')) {
      // Out-of-range numbers fail at prepare ("variable number must be between ?1 and ?32766").
      const index = Number(variable.slice(1));
      if (!Number.isSafeInteger(index) || index < 1 || index > 32766) continue;
      while (names.length < index) names.push(undefined);
      names[index - 1] ??= variable;
    } else if (!indexOf.has(variable)) {
      names.push(variable);
      indexOf.set(variable, names.length);
    }
  }
  return names;
}

// Words SQLite reads as something other than an identifier where ATTACH expects its file name.
const NOT_NAMES = new Set(['null', 'current_date', 'current_time', 'current_timestamp']);

// SQLite's `codeAttach` (attach.c) hands the authorizer the file name only when the expression
// is a string literal or an identifier (which ATTACH reads as a string); otherwise NULL,
// which rusqlite's authorizer callback sees as an unknown action and Spin allows.
function attachedFile(sql: string, tokens: readonly Token[]): string | undefined {
  const words = (token: Token | undefined): string => (token?.kind === 'word' ? sql.slice(token.start, token.end).toLowerCase() : '');
  let index = 0;
  if (words(tokens[index]) === 'explain') {
    index++;
    if (words(tokens[index]) === 'query' && words(tokens[index + 1]) === 'plan') index += 2;
  }
  if (words(tokens[index++]) !== 'attach') return undefined;
  if (words(tokens[index]) === 'database') index++;
  const expression: Token[] = [];
  for (let depth = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    if (depth === 0 && words(token) === 'as') break;
    if (token.kind === 'open') depth++;
    if (token.kind === 'close') depth--;
    expression.push(token);
  }
  while (expression.length > 2 && expression[0]?.kind === 'open' && expression[expression.length - 1]?.kind === 'close') {
    expression.shift();
    expression.pop();
  }
  const only = expression.length === 1 ? expression[0] : undefined;
  if (only === undefined) return undefined;
  const text = sql.slice(only.start, only.end);
  if (only.kind === 'string' || only.kind === 'quoted') return dequote(text);
  if (only.kind === 'word' && !NOT_NAMES.has(text.toLowerCase())) return text;
  return undefined;
}

// SQLite's `sqlite3Dequote`: drop the quotes and undouble inner ones; `[x]` has no escapes.
function dequote(text: string): string {
  const quote = text[0] as string;
  const close = quote === '[' ? ']' : quote;
  const inner = text.endsWith(close) && text.length > 1 ? text.slice(1, -1) : text.slice(1);
  return quote === '[' ? inner : inner.replaceAll(quote + quote, quote);
}

// SQLite's whitespace; other Unicode spaces are identifier characters to it.
const SPACE = new Set([' ', '\t', '\n', '\f', '\r']);

// SQLite's tokenizer (tokenize.c), reduced to what finding statements and parameters needs.
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < sql.length) {
    const start = pos;
    const char = sql[pos] as string;
    const following = sql[pos + 1];
    if (SPACE.has(char)) {
      pos++;
      continue;
    }
    if (char === '-' && following === '-') {
      const newline = sql.indexOf('\n', pos);
      pos = newline < 0 ? sql.length : newline + 1;
      continue;
    }
    if (char === '/' && following === '*') {
      const close = sql.indexOf('*/', pos + 2);
      pos = close < 0 ? sql.length : close + 2;
      continue;
    }
    let kind: TokenKind;
    if (char === "'" || char === '"' || char === '`') {
      kind = char === "'" ? 'string' : 'quoted';
      pos = quotedEnd(sql, pos, char);
    } else if (char === '[') {
      kind = 'quoted';
      const close = sql.indexOf(']', pos);
      pos = close < 0 ? sql.length : close + 1;
    } else if (char === '?') {
      kind = 'variable';
      pos++;
      while (isDigit(sql[pos])) pos++;
    } else if (char === ':' || char === '@' || char === '$' || char === '#') {
      pos++;
      while (isIdChar(sql[pos])) pos++;
      // A prefix without a name is an illegal token: the prepare fails either way.
      kind = pos - start > 1 ? 'variable' : 'other';
    } else if (isIdChar(char)) {
      // Words, and numbers such as 1e5 or 0x1F; `.5` is `.` then `5`, which is just as good here.
      kind = isDigit(char) ? 'other' : 'word';
      while (isIdChar(sql[pos])) pos++;
    } else {
      kind = char === ';' ? 'semicolon' : char === '(' ? 'open' : char === ')' ? 'close' : 'other';
      pos++;
    }
    tokens.push({ kind, start, end: pos });
  }
  return tokens;
}

// A quoted token ends at a quote that is not doubled; unterminated, it runs to the end.
function quotedEnd(sql: string, start: number, quote: string): number {
  let pos = start + 1;
  while (pos < sql.length) {
    if (sql[pos] === quote) {
      if (sql[pos + 1] !== quote) return pos + 1;
      pos++;
    }
    pos++;
  }
  return sql.length;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

// SQLite's `IdChar`: ASCII letters and digits, `_`, `$`, and every non-ASCII character.
function isIdChar(char: string | undefined): boolean {
  return char !== undefined && (/[A-Za-z0-9_$]/.test(char) || char.charCodeAt(0) >= 0x80);
}
