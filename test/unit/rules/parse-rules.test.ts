import { describe, expect, it } from 'vitest';
import type { OutboundRule } from '../../../runtime/api/contract.js';
import { checkRules, parseRules, RulesError, rulesToml } from '../../../runtime/rules/index.js';
import { thrown } from '../../support/thrown.js';

const FILE = '/project/.spinscope/rules.toml';

describe('the rules file', () => {
  it('reads every action, in file order, with enabled defaulting to true', () => {
    const { rules } = parseRules(
      `[[rule]]
name = "offline api"
component = "web"
method = "get"
url = "https://api.example.com/users/*"
action = "stub"
status = 200
headers = { "content-type" = "application/json" }
body = '{"users":[]}'

[[rule]]
name = "slow"
url = "api.example.com"
action = "delay"
ms = 1500

[[rule]]
name = "no dns"
enabled = false
url = "*.internal.example"
action = "fail"
error = "dns-error"

[[rule]]
name = "cut"
url = "http://127.0.0.1:8080/big"
action = "fail"
error = "connection-reset"
after_bytes = 100

[[rule]]
name = "3g"
url = "**"
action = "throttle"
bytes_per_second = 50000

[[rule]]
name = "let through"
url = "https://auth.example.com/**"
action = "pass"
`,
      FILE,
    );
    expect(rules).toEqual([
      {
        name: 'offline api',
        enabled: true,
        match: { url: 'https://api.example.com/users/*', component: 'web', method: 'GET' },
        action: { kind: 'stub', status: 200, headers: [['content-type', 'application/json']], body: '{"users":[]}' },
      },
      { name: 'slow', enabled: true, match: { url: 'api.example.com' }, action: { kind: 'delay', ms: 1500 } },
      { name: 'no dns', enabled: false, match: { url: '*.internal.example' }, action: { kind: 'fail', error: 'dns-error' } },
      { name: 'cut', enabled: true, match: { url: 'http://127.0.0.1:8080/big' }, action: { kind: 'fail', error: 'connection-reset', afterBytes: 100 } },
      { name: '3g', enabled: true, match: { url: '**' }, action: { kind: 'throttle', bytesPerSecond: 50000 } },
      { name: 'let through', enabled: true, match: { url: 'https://auth.example.com/**' }, action: { kind: 'pass' } },
    ]);
  });

  it('an empty file has no rules', () => {
    expect(parseRules('# nothing yet\n', FILE).rules).toEqual([]);
  });

  it.each([
    ['[[rule]\nname = "x"', 1, /not valid TOML/],
    ['[[rule]]\nname = "a"\nurl = "x.example"\naction = "stub"\nstatus = 200\n\n[[rule]]\nname = "a"\nurl = "y.example"\naction = "pass"', 8, /rule "a": another rule has this name/],
    ['[[rule]]\nname = "a"\nurl = "x.example"\naction = "explode"', 4, /rule "a": action "explode" is unknown; write one of "stub", "delay", "fail", "throttle", "pass"/],
    ['[[rule]]\nname = "a"\nurl = "x.example"\naction = "delay"\nmss = 5', 5, /unknown field "mss" for action "delay"; it takes .*ms/],
    ['[[rule]]\nname = "a"\nurl = "ftp://x.example"\naction = "pass"', 3, /scheme "ftp"/],
    ['[[rule]]\nname = "a"\nurl = "x.example"\naction = "fail"\nerror = "boom"', 5, /error "boom" is unknown; write one of "dns-error"/],
    ['[[rule]]\nname = "a"\nurl = "x.example"\naction = "stub"\nstatus = 42', 5, /status 42 is not an HTTP status/],
    ['[[rule]]\nname = "a"\nurl = "x.example"\naction = "throttle"\nbytes_per_second = 0', 5, /bytes_per_second must be a whole number above 0/],
    ['[[rule]]\nname = "a"\naction = "pass"', 1, /rule "a": no url; write url = /],
    ['[[rule]]\nname = "a"\nurl = "x.example"\naction = "fail"\nerror = "dns-error"\nafter_bytes = 3', 6, /after_bytes is for error = "connection-reset" only/],
    ['rules = 1', 1, /unknown key "rules"; a rules file holds only \[\[rule\]\] tables/],
  ])('names file:line, the rule and the fix: %#', (text, line, message) => {
    const error = thrown(RulesError, () => parseRules(text, FILE));
    expect(error.line).toBe(line);
    expect(error.message.startsWith(`${FILE}:${line}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('checks rules from the inspector as the file loader does, naming the rule', () => {
    const rules: OutboundRule[] = [{ name: 'x', enabled: true, match: { url: 'x.example' }, action: { kind: 'delay', ms: -1 } }];
    expect(thrown(RulesError, () => checkRules(rules, FILE)).message).toBe(`${FILE}: rule "x": ms = -1: write a delay from 0 to 600000 milliseconds`);
  });

  it('says which key a refusal is about, so the inspector marks that field', () => {
    const rule = (match: OutboundRule['match'], action: OutboundRule['action']): OutboundRule[] => [{ name: 'x', enabled: true, match, action }];
    expect(thrown(RulesError, () => checkRules(rule({ url: 'http://[x' }, { kind: 'pass' }), FILE)).toJSON()).toMatchObject({ field: 'url', rule: 'rule "x"' });
    expect(thrown(RulesError, () => checkRules(rule({ url: 'x.example', method: 'G T' }, { kind: 'pass' }), FILE)).field).toBe('method');
    expect(thrown(RulesError, () => checkRules(rule({ url: 'x.example' }, { kind: 'delay', ms: -1 }), FILE)).field).toBe('ms');
  });

  it('writes rules back as a file that reads the same', () => {
    const rules: OutboundRule[] = [
      { name: 'dup headers', enabled: false, match: { url: 'https://x.example/a\\*b', method: 'POST' }, action: { kind: 'stub', status: 201, headers: [['set-cookie', 'a=1'], ['Set-Cookie', 'b=2']], body: 'line 1\n"quoted"' } },
      { name: 'file body', enabled: true, match: { url: 'x.example', component: 'web' }, action: { kind: 'stub', status: 200, headers: [['content-type', 'image/png']], bodyFile: 'recorded/abc.bin' } },
      { name: 'reset', enabled: true, match: { url: 'x.example' }, action: { kind: 'fail', error: 'connection-reset', afterBytes: 0 } },
      { name: 'slow', enabled: true, match: { url: 'x.example' }, action: { kind: 'throttle', bytesPerSecond: 10 } },
    ];
    expect(parseRules(rulesToml(rules), FILE).rules).toEqual(rules);
  });
});
