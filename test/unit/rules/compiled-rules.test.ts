import { describe, expect, it } from 'vitest';
import type { OutboundRule } from '../../../runtime/api/contract.js';
import { CompiledRules, exactUrlPattern, type UrlParts } from '../../../runtime/rules/index.js';

const rule = (name: string, url: string, extra: Partial<OutboundRule['match']> = {}, enabled = true): OutboundRule => ({ name, enabled, match: { url, ...extra }, action: { kind: 'pass' } });

function parts(url: string): UrlParts {
  const parsed = new URL(url);
  const scheme = parsed.protocol.slice(0, -1);
  return { scheme, host: parsed.hostname, port: parsed.port || (scheme === 'https' ? '443' : '80'), pathWithQuery: `${parsed.pathname}${parsed.search}` };
}

const first = (rules: OutboundRule[], url: string, component = 'web', method = 'GET') => new CompiledRules(rules, new Map()).match(component, method, parts(url))?.rule.name;

describe('rule matching', () => {
  it.each([
    ['api.example.com', 'https://api.example.com/anything?x=1', true],
    ['api.example.com', 'http://api.example.com:8080/', true],
    ['https://api.example.com', 'http://api.example.com/', false],
    ['api.example.com:8080', 'http://api.example.com:8080/x', true],
    ['api.example.com:8080', 'http://api.example.com/x', false],
    ['api.example.com/users', 'https://api.example.com/users', true],
    ['api.example.com/users', 'https://api.example.com/users/1', false],
    ['api.example.com/users', 'https://api.example.com/users?page=2', true],
    ['api.example.com/users/*', 'https://api.example.com/users/1', true],
    ['api.example.com/users/*', 'https://api.example.com/users/1/posts', false],
    ['api.example.com/users/**', 'https://api.example.com/users/1/posts', true],
    ['api.example.com/search?q=*', 'https://api.example.com/search?q=cats', true],
    ['api.example.com/search?q=*', 'https://api.example.com/search?q=cats&page=2', false],
    ['*.example.com', 'https://api.example.com/', true],
    ['*.example.com', 'https://a.b.example.com/', false],
    ['**.example.com', 'https://a.b.example.com/', true],
    ['API.Example.COM', 'https://api.example.com/', true],
    ['**', 'http://127.0.0.1:3000/x', true],
    [exactUrlPattern('https://x.example/a*b'), 'https://x.example/a*b', true],
    [exactUrlPattern('https://x.example/a*b'), 'https://x.example/aXb', false],
  ])('%s matches %s: %s', (pattern, url, matches) => {
    expect(first([rule('r', pattern)], url)).toBe(matches ? 'r' : undefined);
  });

  it('the first enabled rule in file order acts, whether its host is exact or a pattern', () => {
    const rules = [rule('off', 'api.example.com', {}, false), rule('wild', '*.example.com'), rule('exact', 'api.example.com')];
    expect(first(rules, 'https://api.example.com/')).toBe('wild');
    expect(first([rules[2]!, rules[1]!], 'https://api.example.com/')).toBe('exact');
  });

  it('matches the component and method when the rule names them', () => {
    const rules = [rule('posts from web', 'api.example.com', { component: 'web', method: 'POST' }), rule('any', 'api.example.com')];
    expect(first(rules, 'https://api.example.com/', 'web', 'POST')).toBe('posts from web');
    expect(first(rules, 'https://api.example.com/', 'web', 'GET')).toBe('any');
    expect(first(rules, 'https://api.example.com/', 'other', 'POST')).toBe('any');
  });
});
