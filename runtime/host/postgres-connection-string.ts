/**
 * Reads a PostgreSQL connection string as Spin does before it checks the hosts in it:
 * `address.parse::<tokio_postgres::Config>()` (factor-outbound-pg allowed_hosts.rs).
 * Both of tokio-postgres's forms are read, with its errors' texts (config.rs of
 * tokio-postgres 0.7.13; Spin locks 0.7.18): a URL
 * (`postgres://user:pw@h1:5432,h2/db?sslmode=require`, libpq's "sloppy" URL syntax) and
 * `key=value` pairs (`host=h1,h2 port=5432 user=app`). Every option is validated as
 * tokio-postgres validates it, because a bad one fails the whole `open`; only the hosts
 * and ports are kept.
 */
import { isIP } from 'node:net';

/** A host of the connection string: a TCP host name or address, or a Unix socket directory (a path starting with `/`). */
export type PostgresHost = { readonly tcp: string } | { readonly unix: string };

/** What Spin reads from a connection string: `get_hosts()` and `get_ports()`. */
export interface PostgresTargets {
  readonly hosts: readonly PostgresHost[];
  readonly ports: readonly number[];
}

/** The connection string's targets, or tokio-postgres's error as `Display` prints it (`invalid connection string: ...`). */
export type ParsedConnectionString = { readonly ok: true; readonly targets: PostgresTargets } | { readonly ok: false; readonly message: string };

/** Parses `text` as `Config::from_str` does: a URL if it starts with `postgres://` or `postgresql://`, otherwise `key=value` pairs. */
export function parseConnectionString(text: string): ParsedConnectionString {
  const targets = { hosts: [] as PostgresHost[], ports: [] as number[] };
  const rest = ['postgres://', 'postgresql://'].find((prefix) => text.startsWith(prefix));
  const problem = rest === undefined ? parseKeyValues(text, targets) : parseUrl(text.slice(rest.length), targets);
  return problem === undefined ? { ok: true, targets } : { ok: false, message: `invalid connection string: ${problem}` };
}

/**
 * The address Spin checks for each host, in order: `host:port` with the host's port
 * (the port at its index, or the only port when there is one), or just `host`; a Unix
 * socket has none (Spin refuses it).
 */
export function checkedAddress(targets: PostgresTargets, index: number): string | undefined {
  const host = targets.hosts[index];
  if (host === undefined || !('tcp' in host)) return undefined;
  const port = targets.ports[index] ?? (targets.ports.length === 1 ? targets.ports[0] : undefined);
  return port === undefined ? host.tcp : `${host.tcp}:${port}`;
}

interface MutableTargets {
  hosts: PostgresHost[];
  ports: number[];
}

/** A cause for tokio-postgres's `invalid connection string: <cause>`, or undefined when all went well. */
type Problem = string | undefined;

/** `char::is_whitespace`: Unicode White_Space. */
const WHITESPACE = /^\p{White_Space}$/u;

/** `Parser`: `key = value` pairs separated by whitespace; values may be single-quoted, `\` escapes. */
function parseKeyValues(text: string, targets: MutableTargets): Problem {
  const chars = [...text];
  let at = 0;
  const byteOffset = (index: number): number => Buffer.byteLength(chars.slice(0, index).join(''));
  const skipWhitespace = (): void => {
    while (at < chars.length && WHITESPACE.test(chars[at]!)) at += 1;
  };
  const eat = (target: string): Problem => {
    const char = chars[at];
    if (char === undefined) return 'unexpected EOF';
    if (char !== target) return `unexpected character at byte ${byteOffset(at)}: expected \`${target}\` but got \`${char}\``;
    at += 1;
    return undefined;
  };
  for (;;) {
    skipWhitespace();
    const keyStart = at;
    while (at < chars.length && !WHITESPACE.test(chars[at]!) && chars[at] !== '=') at += 1;
    if (at === keyStart) return undefined;
    const key = chars.slice(keyStart, at).join('');
    skipWhitespace();
    const equals = eat('=');
    if (equals !== undefined) return equals;
    skipWhitespace();
    let value = '';
    if (chars[at] === "'") {
      at += 1;
      while (at < chars.length && chars[at] !== "'") {
        if (chars[at] === '\\') at += 1;
        value += chars[at] ?? '';
        at += 1;
      }
      if (at >= chars.length) return 'unterminated quoted connection parameter value';
      at += 1;
    } else {
      while (at < chars.length && !WHITESPACE.test(chars[at]!)) {
        if (chars[at] === '\\') at += 1;
        value += chars[at] ?? '';
        at += 1;
      }
      if (value === '') return 'unexpected EOF';
    }
    const invalid = setParameter(targets, key, value);
    if (invalid !== undefined) return invalid;
  }
}

/** `UrlParser`: `[user[:password]@][host[:port][,...]][/dbname][?key=value[&...]]` after the scheme. */
function parseUrl(text: string, targets: MutableTargets): Problem {
  let rest = text;
  const at = rest.indexOf('@');
  if (at !== -1) {
    const user = decode(rest.slice(0, at).split(':')[0]!);
    if (!user.ok) return user.problem;
    rest = rest.slice(at + 1);
  }
  const hostEnd = rest.search(/[/?]/);
  const hostList = hostEnd === -1 ? rest : rest.slice(0, hostEnd);
  rest = hostEnd === -1 ? '' : rest.slice(hostEnd);
  if (hostList !== '') {
    for (const chunk of hostList.split(',')) {
      let host: string;
      let port: string | undefined;
      if (chunk.startsWith('[')) {
        const close = chunk.indexOf(']');
        if (close === -1) return 'invalid value for option `host`';
        host = chunk.slice(1, close);
        const after = chunk.slice(close + 1);
        if (after.startsWith(':')) port = after.slice(1);
        else if (after !== '') return 'invalid value for option `host`';
      } else {
        const colon = chunk.indexOf(':');
        host = colon === -1 ? chunk : chunk.slice(0, colon);
        port = colon === -1 ? undefined : chunk.slice(colon + 1);
      }
      const added = addUrlHost(targets, host);
      if (added !== undefined) return added;
      // Every host of a URL gets a port: its own, or 5432.
      const decodedPort = decode(port ?? '5432');
      if (!decodedPort.ok) return decodedPort.problem;
      const invalid = setParameter(targets, 'port', decodedPort.text);
      if (invalid !== undefined) return invalid;
    }
  }
  if (rest.startsWith('/')) {
    const end = rest.indexOf('?');
    const dbname = end === -1 ? rest.slice(1) : rest.slice(1, end);
    rest = end === -1 ? '' : rest.slice(end);
    if (dbname !== '') {
      const decoded = decode(dbname);
      if (!decoded.ok) return decoded.problem;
    }
  }
  if (!rest.startsWith('?')) return undefined;
  rest = rest.slice(1);
  while (rest !== '') {
    const equals = rest.indexOf('=');
    if (equals === -1) return 'unterminated parameter';
    const key = decode(rest.slice(0, equals));
    if (!key.ok) return key.problem;
    rest = rest.slice(equals + 1);
    const ampersand = rest.indexOf('&');
    const raw = ampersand === -1 ? rest : rest.slice(0, ampersand);
    rest = ampersand === -1 ? '' : rest.slice(ampersand + 1);
    let invalid: Problem;
    if (key.text === 'host') {
      invalid = addUrlHost(targets, raw);
    } else {
      const value = decode(raw);
      invalid = value.ok ? setParameter(targets, key.text, value.text) : value.problem;
    }
    if (invalid !== undefined) return invalid;
  }
  return undefined;
}

/** `UrlParser::host_param` (Unix): percent-decoded, a leading `/` makes a socket directory. */
function addUrlHost(targets: MutableTargets, raw: string): Problem {
  const bytes = percentDecode(raw);
  if (bytes[0] === 0x2f) {
    targets.hosts.push({ unix: Buffer.from(bytes).toString('utf8') });
    return undefined;
  }
  const problem = utf8Problem(bytes);
  if (problem !== undefined) return problem;
  targets.hosts.push({ tcp: Buffer.from(bytes).toString('utf8') });
  return undefined;
}

type Decoded = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

/** `UrlParser::decode`: percent-decoding that must give UTF-8. */
function decode(raw: string): Decoded {
  const bytes = percentDecode(raw);
  const problem = utf8Problem(bytes);
  return problem === undefined ? { ok: true, text: Buffer.from(bytes).toString('utf8') } : { ok: false, problem };
}

/** `percent_encoding::percent_decode`: `%XX` with two hex digits becomes a byte; any other `%` stays. */
function percentDecode(raw: string): Uint8Array {
  const input = Buffer.from(raw, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < input.length; i += 1) {
    const hex = String.fromCharCode(input[i + 1] ?? 0, input[i + 2] ?? 0);
    if (input[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      out.push(input[i]!);
    }
  }
  return Uint8Array.from(out);
}

/** Why `bytes` is not UTF-8, as Rust's `Utf8Error` displays it (core::str::validations), or undefined. */
function utf8Problem(bytes: Uint8Array): Problem {
  const invalid = (index: number, length: number): string => `invalid utf-8 sequence of ${length} bytes from index ${index}`;
  const incomplete = (index: number): string => `incomplete utf-8 byte sequence from index ${index}`;
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i]!;
    if (first < 0x80) {
      i += 1;
      continue;
    }
    const width = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
    if (width === 0) return invalid(i, 1);
    const second = bytes[i + 1];
    if (second === undefined) return incomplete(i);
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const [low, high] = first === 0xe0 ? [0xa0, 0xbf] : first === 0xed ? [0x80, 0x9f] : first === 0xf0 ? [0x90, 0xbf] : first === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (second < low || second > high) return invalid(i, 1);
    for (let k = 2; k < width; k += 1) {
      const next = bytes[i + k];
      if (next === undefined) return incomplete(i);
      if ((next & 0xc0) !== 0x80) return invalid(i, k);
    }
    i += width;
  }
  return undefined;
}

const CHOICES: Readonly<Record<string, readonly string[]>> = {
  sslmode: ['disable', 'prefer', 'require'],
  sslnegotiation: ['postgres', 'direct'],
  target_session_attrs: ['any', 'read-write', 'read-only'],
  channel_binding: ['disable', 'prefer', 'require'],
  load_balance_hosts: ['disable', 'random'],
};

/** Options whose value must parse as a Rust integer of this range. */
const INTEGERS: Readonly<Record<string, readonly [bigint, bigint]>> = {
  connect_timeout: [-(2n ** 63n), 2n ** 63n - 1n],
  tcp_user_timeout: [-(2n ** 63n), 2n ** 63n - 1n],
  keepalives: [0n, 2n ** 64n - 1n],
  keepalives_idle: [-(2n ** 63n), 2n ** 63n - 1n],
  keepalives_interval: [-(2n ** 63n), 2n ** 63n - 1n],
  keepalives_retries: [0n, 2n ** 32n - 1n],
};

const FREE_TEXT = new Set(['user', 'password', 'dbname', 'options', 'application_name']);

/** `Config::param`: one option, validated; hosts and ports kept. */
function setParameter(targets: MutableTargets, key: string, value: string): Problem {
  const invalid = `invalid value for option \`${key}\``;
  if (FREE_TEXT.has(key)) return undefined;
  const choices = CHOICES[key];
  if (choices !== undefined) return choices.includes(value) ? undefined : invalid;
  const range = INTEGERS[key];
  if (range !== undefined) return isRustInteger(value, range) ? undefined : invalid;
  switch (key) {
    case 'host':
      for (const host of value.split(',')) targets.hosts.push(host.startsWith('/') ? { unix: host } : { tcp: host });
      return undefined;
    case 'hostaddr':
      // `IpAddr::from_str`: no zone index, no brackets.
      return value.split(',').every((address) => !address.includes('%') && isIP(address) !== 0) ? undefined : invalid;
    case 'port':
      for (const port of value.split(',')) {
        if (port !== '' && !isRustInteger(port, [0n, 65535n])) return invalid;
        targets.ports.push(port === '' ? 5432 : Number(port));
      }
      return undefined;
    default:
      return `unknown option \`${key}\``;
  }
}

/** `str::parse` of a Rust integer: an optional sign (`-` only where the range has negatives), then decimal digits. */
function isRustInteger(text: string, [min, max]: readonly [bigint, bigint]): boolean {
  if (!(min < 0n ? /^[+-]?\d+$/ : /^\+?\d+$/).test(text)) return false;
  const value = BigInt(text);
  return value >= min && value <= max;
}
