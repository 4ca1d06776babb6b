import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spinscope } from './run-spinscope.js';

describe('spinscope hosts check --allow', () => {
  it('prints allow with the matching entry and exits 0 when every URL is allowed', () => {
    const run = spinscope(['hosts', 'check', '--allow', 'https://*.example.com', 'https://api.example.com/v1']);
    expect(run.stdout).toBe('allow https://api.example.com/v1 (by https://*.example.com)\n');
    expect(run.status).toBe(0);
  });

  it('prints the why, near misses and Spin\'s fix line, and exits 1 when a URL is denied', () => {
    const run = spinscope(['hosts', 'check', '--allow', 'http://api.test:8080', 'http://api.test:9090/x']);
    expect(run.stdout).toBe(
      [
        'deny http://api.test:9090/x',
        '  why: no allowed_outbound_hosts entry matches http://api.test:9090',
        '  near miss: http://api.test:8080 (port differs)',
        "  Warning: A component tried to make an outbound network connection to disallowed destination 'http://api.test:9090'.",
        '  To allow this request, add \'allowed_outbound_hosts = ["http://api.test:9090"]\' to the manifest component section.',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
  });

  it('checks a path as a relative request and suggests http://self', () => {
    const run = spinscope(['hosts', 'check', '--allow', 'https://a.test', '/api/items']);
    expect(run.stdout).toContain('deny /api/items');
    expect(run.stdout).toContain('Warning: A component tried to make an HTTP request to its own app but it does not have permission.');
    expect(run.stdout).toContain('\'allowed_outbound_hosts = ["http://self"]\'');
    expect(run.status).toBe(1);
  });

  it('--json prints one explanation object per URL', () => {
    const run = spinscope(['hosts', 'check', '--json', '--allow', 'https://a.test', 'https://a.test/x', 'https://b.test/']);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { url: 'https://a.test/x', allowed: true, matchedBy: 'https://a.test' },
      { url: 'https://b.test/', allowed: false, suggestion: 'https://b.test', denial: { reason: 'not-allowed' } },
    ]);
    expect(run.status).toBe(1);
  });

  it('exits 2 with Spin\'s message for an invalid entry', () => {
    const run = spinscope(['hosts', 'check', '--allow', 'http://example.com:99999', 'http://example.com/']);
    expect(run.stderr).toBe('Error: Invalid allowed host port "99999": port "99999" is not a number\n');
    expect(run.status).toBe(2);
  });

  it.each([
    [['hosts', 'check', 'https://a.test/'], 'say which policy to check against'],
    [['hosts', 'check', '--allow', 'https://a.test'], 'needs at least one URL'],
    [['hosts', 'check', '--bogus', 'https://a.test/'], "Unknown option '--bogus'"],
    [['hosts', 'explode'], 'unknown command: hosts explode'],
  ])('exits 2 and points at --help for bad usage: %j', (args, message) => {
    const run = spinscope(args);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Run 'spinscope --help' for usage.");
    expect(run.status).toBe(2);
  });

  it('--help prints usage and exits 0', () => {
    const run = spinscope(['--help']);
    expect(run.stdout).toContain('spinscope hosts check --allow ENTRY');
    expect(run.status).toBe(0);
  });

  it('checks a URL to self.alt as a self request (spec §9.40): allowed by http://self, denied with its hint otherwise', () => {
    expect(spinscope(['hosts', 'check', '--allow', 'http://self', 'http://self.alt/x'])).toMatchObject({ status: 0, stdout: 'allow http://self.alt/x (by http://self)\n' });
    const denied = spinscope(['hosts', 'check', '--allow', 'https://a.test', 'http://self.alt/x']);
    expect(denied.status).toBe(1);
    expect(denied.stdout).toContain('Warning: A component tried to make an HTTP request to its own app but it does not have permission.');
  });
});

describe('spinscope hosts suggest', () => {
  it('prints the least-privilege list as a TOML array', () => {
    const run = spinscope([
      'hosts',
      'suggest',
      'https://api.example.com/v1',
      'https://api.example.com/v2',
      'http://localhost:3001/x',
      'http://localhost:3002/y',
      '/internal',
    ]);
    expect(run.stdout).toBe(
      'allowed_outbound_hosts = [\n    "http://self",\n    "https://api.example.com",\n    "http://localhost:3001..3003",\n]\n',
    );
    expect(run.status).toBe(0);
  });

  it('exits 2 for a URL no entry could ever allow', () => {
    const run = spinscope(['hosts', 'suggest', '%zz']);
    expect(run.stderr).toContain('could not be parsed: %zz');
    expect(run.status).toBe(2);
  });
});

describe('spinscope hosts allow', () => {
  const MANIFEST = [
    'spin_manifest_version = 2',
    '[application]',
    'name = "allow-test"',
    '',
    '[[trigger.http]]',
    'route = "/..."',
    'component = "web"',
    '',
    '[component.web]',
    'source = "web.wasm"',
    '# the APIs web may call',
    'allowed_outbound_hosts = ["https://api.example.com"] # keep this comment',
    '',
  ].join('\n');

  async function project(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'spinscope-hosts-allow-'));
    await writeFile(join(dir, 'spin.toml'), MANIFEST);
    return join(dir, 'spin.toml');
  }

  it("adds the entries to the component's list in place, keeping the rest of spin.toml as it was", async () => {
    const file = await project();
    const run = spinscope(['hosts', 'allow', '-f', file, '--component', 'web', 'http://127.0.0.1:3001', 'https://api.example.com']);
    expect(run.stdout).toBe(`${file}: web now also allows http://127.0.0.1:3001\n`);
    expect(run.status).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(
      MANIFEST.replace('["https://api.example.com"]', '["https://api.example.com", "http://127.0.0.1:3001"]'),
    );
  });

  it("refuses an entry Spin would refuse, with Spin's message, and leaves the file alone", async () => {
    const file = await project();
    const run = spinscope(['hosts', 'allow', '-f', file, '--component', 'web', 'api.example.com']);
    expect(run.stderr).toContain('api.example.com');
    expect(run.status).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(MANIFEST);
  });

  it('names the components there are when asked for one that is not', async () => {
    const file = await project();
    const run = spinscope(['hosts', 'allow', '-f', file, '--component', 'wbe', 'https://a.test']);
    expect(run.stderr).toContain('has no component "wbe"; its components are: web');
    expect(run.status).toBe(2);
  });
});
