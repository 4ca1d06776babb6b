import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CapturedBody } from '../../runtime/api/events.js';
import { curlCommand, httpieCommand, type SnippetRequest } from '../../renderer/format/request-snippet.js';

// The inspector's copy-as snippets (renderer/format/request-snippet.ts) read back as a real
// POSIX shell and HTTPie's request-item parser would read them.

const text = (value: string): CapturedBody => ({ captured: new TextEncoder().encode(value), size: new TextEncoder().encode(value).length, truncated: false });
const request = (overrides: Partial<SnippetRequest>): SnippetRequest => ({ method: 'GET', url: 'http://127.0.0.1:3000/', headers: [], body: text(''), ...overrides });

/** The words a POSIX shell makes of `command`, whose first word is `program`. */
function shellWords(command: string, program: string): string[] {
  const script = `${program}() { printf '%s\\0' "$@"; }\n${command}`;
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

/** How HTTPie reads one request item (httpie/cli/argtypes.py, KeyValueArgType): the first, longest unescaped separator splits it. */
function httpieItem(item: string): { key: string; sep: string; value: string } {
  const separators = [':', ';', ':@', '==', '==@', '=', ':=', '@', '=@', ':=@'].sort((a, b) => a.length - b.length);
  const special = new Set(separators.join(''));
  const tokens: (string | { escaped: string })[] = [''];
  for (let index = 0; index < item.length; index++) {
    const char = item[index] ?? '';
    if (char !== '\\') tokens[tokens.length - 1] += char;
    else {
      const next = item[++index] ?? '';
      if (special.has(next)) tokens.push({ escaped: next }, '');
      else tokens[tokens.length - 1] += `\\${next}`;
    }
  }
  const text = (parts: typeof tokens) => parts.map((part) => (typeof part === 'string' ? part : part.escaped)).join('');
  for (const [index, token] of tokens.entries()) {
    if (typeof token !== 'string') continue;
    const found = new Map<number, string>();
    for (const sep of separators) if (token.includes(sep)) found.set(token.indexOf(sep), sep);
    if (found.size === 0) continue;
    const sep = found.get(Math.min(...found.keys())) ?? '';
    const at = token.indexOf(sep);
    return { key: text(tokens.slice(0, index)) + token.slice(0, at), sep, value: token.slice(at + sep.length) + text(tokens.slice(index + 1)) };
  }
  throw new Error(`no separator in ${item}`);
}

// Header values as a recorded request may hold them: visible Latin-1, spaces and tabs.
const headerValue = fc.string({ unit: fc.constantFrom(...' \t!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~azAZ09\u00e9\u00ff'.split('')), maxLength: 24 });

describe('copy-as snippets in a shell', () => {
  it('passes any header value and body to curl word for word', () => {
    fc.assert(
      fc.property(headerValue.filter((value) => value !== ''), headerValue, (value, bodyText) => {
        const words = shellWords(curlCommand(request({ method: 'PUT', headers: [['x-odd', value]], body: text(bodyText) })), 'curl');
        expect(words).toEqual(['http://127.0.0.1:3000/', '-X', 'PUT', '-H', `x-odd: ${value}`, ...(bodyText === '' ? [] : ['--data-raw', bodyText])]);
      }),
      { numRuns: 40 },
    );
  });

  it('hands HTTPie each header whole, whatever its value', () => {
    fc.assert(
      fc.property(headerValue.filter((value) => value !== '' && !/\\[:;=@]/.test(value)), (value) => {
        const words = shellWords(httpieCommand(request({ headers: [['x-odd', value]] })), 'http');
        expect(words.slice(0, 2)).toEqual(['GET', 'http://127.0.0.1:3000/']);
        expect(httpieItem(words[2] ?? '')).toEqual({ key: 'x-odd', sep: ':', value });
      }),
      { numRuns: 40 },
    );
  });
});
