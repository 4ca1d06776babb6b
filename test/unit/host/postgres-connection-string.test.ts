import { describe, expect, it } from 'vitest';
import { checkedAddress, parseConnectionString, type PostgresHost } from '../../../runtime/host/postgres-connection-string.js';

// Expected values are what tokio-postgres 0.7.13's `Config::from_str` (its parsers
// compiled with rustc, the rest of the crate stubbed out) printed for the same input.
const tcp = (host: string): PostgresHost => ({ tcp: host });
const unix = (path: string): PostgresHost => ({ unix: path });

describe('parseConnectionString reads hosts and ports as tokio-postgres does', () => {
  it.each([
    // URL form: every host gets a port, its own or 5432.
    ['postgres://app:secret@db.internal/orders', [tcp('db.internal')], [5432]],
    ['postgresql://db.internal:6543/orders?sslmode=require', [tcp('db.internal')], [6543]],
    ['postgres://h1:5433,h2,[::1]:5435/db', [tcp('h1'), tcp('h2'), tcp('::1')], [5433, 5432, 5435]],
    ['postgres://h1,h2/db?port=7000', [tcp('h1'), tcp('h2')], [5432, 5432, 7000]],
    ['postgres://%2Fvar%2Frun%2Fpostgresql/db', [unix('/var/run/postgresql')], [5432]],
    ['postgres:///db?host=/var/run/postgresql', [unix('/var/run/postgresql')], []],
    ['postgres:///db?host=db.internal&port=6000', [tcp('db.internal')], [6000]],
    ['postgres://app@/orders', [], []],
    // key=value form: ports only where given.
    ['host=db.internal user=app', [tcp('db.internal')], []],
    ['host=h1,h2 port=5433,5434', [tcp('h1'), tcp('h2')], [5433, 5434]],
    ['host=h1,h2,h3 port=5433', [tcp('h1'), tcp('h2'), tcp('h3')], [5433]],
    ["host='db.internal' password='it\\'s secret'", [tcp('db.internal')], []],
    ['host=/var/run/postgresql user=app', [unix('/var/run/postgresql')], []],
    ['host=h1,/tmp', [tcp('h1'), unix('/tmp')], []],
    ['user=app dbname=orders', [], []],
    ['hostaddr=10.0.0.1 user=app', [], []],
    ['', [], []],
    ['host=h connect_timeout=+30', [tcp('h')], []],
  ])('%j', (text, hosts, ports) => {
    expect(parseConnectionString(text)).toEqual({ ok: true, targets: { hosts, ports } });
  });

  it.each([
    ['host=', 'unexpected EOF'],
    ['host db.internal', 'unexpected character at byte 5: expected `=` but got `d`'],
    ['host=db.internal sslmode=verify-full', 'invalid value for option `sslmode`'],
    ['host=db.internal bogus=1', 'unknown option `bogus`'],
    ["host='unterminated", 'unterminated quoted connection parameter value'],
    ['port=65536', 'invalid value for option `port`'],
    ['port=-1 host=h', 'invalid value for option `port`'],
    ['keepalives=-1', 'invalid value for option `keepalives`'],
    ['hostaddr=fe80::1%eth0', 'invalid value for option `hostaddr`'],
    ['postgres://h?sslmode', 'unterminated parameter'],
    ['postgres://[::1/db', 'invalid value for option `host`'],
    ['postgres://[::1]x/db', 'invalid value for option `host`'],
    ['postgres://h:port/db', 'invalid value for option `port`'],
    ['postgres://%ff@h/db', 'invalid utf-8 sequence of 1 bytes from index 0'],
    ['postgres://h/d%c3', 'incomplete utf-8 byte sequence from index 1'],
  ])('refuses %j: %s', (text, cause) => {
    expect(parseConnectionString(text)).toEqual({ ok: false, message: `invalid connection string: ${cause}` });
  });
});

describe("checkedAddress: the string Spin checks for each host (factor-outbound-pg allowed_hosts.rs)", () => {
  const targets = (hosts: PostgresHost[], ports: number[]) => ({ hosts, ports });

  it('pairs each host with the port at its index', () => {
    const both = targets([tcp('h1'), tcp('h2')], [5433, 5434]);
    expect([checkedAddress(both, 0), checkedAddress(both, 1)]).toEqual(['h1:5433', 'h2:5434']);
  });

  it('gives every host the only port when there is exactly one', () => {
    const one = targets([tcp('h1'), tcp('h2')], [5433]);
    expect([checkedAddress(one, 0), checkedAddress(one, 1)]).toEqual(['h1:5433', 'h2:5433']);
  });

  it('leaves a host without a port when ports are fewer than hosts (and not one)', () => {
    const fewer = targets([tcp('h1'), tcp('h2'), tcp('h3')], [5433, 5434]);
    expect(checkedAddress(fewer, 2)).toBe('h3');
    expect(checkedAddress(targets([tcp('h1')], []), 0)).toBe('h1');
  });

  it('keeps an IPv6 host bare, as Spin formats it', () => expect(checkedAddress(targets([tcp('::1')], [5432]), 0)).toBe('::1:5432'));

  it('has none for a Unix socket', () => expect(checkedAddress(targets([unix('/tmp')], [5432]), 0)).toBeUndefined());
});
