import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spinscope } from './run-spinscope.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const TEMPLATED = fixture('manifests/valid/templated-hosts/spin.toml');
const CHAIN = fixture('manifests/valid/private-route/spin.toml');

describe('spinscope hosts check --manifest', () => {
  it('checks against a component\'s resolved allowed_outbound_hosts and names the entry as written', () => {
    const run = spinscope(['hosts', 'check', '-f', TEMPLATED, '-c', 'api', '--variable', 'upstream=up.test', 'https://up.test/v1']);
    expect(run.stdout).toBe('allow https://up.test/v1 (by https://{{upstream}})\n');
    expect(run.status).toBe(0);
  });

  it('spec §14.61: takes SPIN_VARIABLE_<NAME> from the environment, and --variable over it', () => {
    const env = { SPIN_VARIABLE_UPSTREAM: 'from-env.test' };
    expect(spinscope(['hosts', 'check', '-f', TEMPLATED, '-c', 'api', 'https://from-env.test/'], env).status).toBe(0);
    const both = spinscope(['hosts', 'check', '-f', TEMPLATED, '-c', 'api', '--variable', 'upstream=from-cli.test', 'https://from-env.test/'], env);
    expect(both.stdout).toContain('deny https://from-env.test/');
    expect(both.status).toBe(1);
  });

  it('spec §6.27: a template resolving to https:// is dropped, the defaults still apply', () => {
    const run = spinscope(['hosts', 'check', '-f', TEMPLATED, '-c', 'api', '--variable', 'upstream=u.test', 'postgres://db.internal.example:5432']);
    expect(run.stdout).toBe('allow postgres://db.internal.example:5432 (by postgres://{{ db_host }}:{{ db_port }})\n');
  });

  it('spec §6.28: expands *.spin.internal to the app\'s components, inline ones included', () => {
    const run = spinscope(['hosts', 'check', '-f', CHAIN, '-c', 'front', 'http://back.spin.internal/x', 'http://nope.spin.internal/']);
    expect(run.stdout).toContain('allow http://back.spin.internal/x (by http://*.spin.internal)');
    expect(run.stdout).toContain('deny http://nope.spin.internal/');
    expect(run.status).toBe(1);
  });

  it('exits 2 and says how to set a required variable that has no value', () => {
    const run = spinscope(['hosts', 'check', '-f', TEMPLATED, '-c', 'api', 'https://up.test/']);
    expect(run.stderr).toBe('Error: required variable "upstream" has no value; set SPIN_VARIABLE_UPSTREAM or pass --variable upstream=...\n');
    expect(run.status).toBe(2);
  });

  it('exits 2 and lists the components for an unknown one', () => {
    const run = spinscope(['hosts', 'check', '-f', CHAIN, '-c', 'middle', 'https://a.test/']);
    expect(run.stderr).toContain('has no component "middle"; its components are: front, back, ');
    expect(run.status).toBe(2);
  });

  it('spec §12.55: exits 2 naming the file, line and component of a malformed allowed_outbound_hosts', () => {
    const run = spinscope(['hosts', 'check', '-f', fixture('apps/bad-allowed-host/spin.toml'), '-c', 'web', 'https://api.example.com/']);
    expect(run.stderr).toBe(
      `Error: ${fixture('apps/bad-allowed-host/spin.toml')}:13: component "web": \`allowed_outbound_hosts\` is malformed: ` +
        'Invalid allowed host port "99999": port "99999" is not a number\n',
    );
    expect(run.status).toBe(2);
  });

  it('exits 2 with the file and line of a broken spin.toml', () => {
    const run = spinscope(['hosts', 'check', '-f', fixture('manifests/invalid/unknown-component-field.toml'), '-c', 'web', 'https://a.test/']);
    expect(run.stderr).toMatch(/unknown-component-field\.toml:12:1: component "web": unknown field `allowed_outbound_host`/);
    expect(run.status).toBe(2);
  });

  it('exits 2 when the manifest does not exist', () => {
    const run = spinscope(['hosts', 'check', '-f', fixture('apps/missing/spin.toml'), '-c', 'web', 'https://a.test/']);
    expect(run.stderr).toMatch(/^Error: .*missing\/spin\.toml/);
    expect(run.status).toBe(2);
  });
});
