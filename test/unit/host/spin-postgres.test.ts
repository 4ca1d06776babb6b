import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spinPostgres } from '../../../runtime/host/spin-postgres.js';
import { recordingServices } from '../../support/recording-services.js';

const V2 = 'fermyon:spin/postgres@2.0.0';
const NOT_SUPPORTED = `${V2} is not supported by Spinscope yet`;

interface PostgresClasses {
  Connection: { open(address: string): unknown; new (): Record<string, (...args: unknown[]) => unknown> };
  ConnectionBuilder: new (address: string) => { setCaRoot(certificate: string): unknown; build(): unknown };
}

function postgres(allowed: string[], key: 'fermyon:spin/postgres' | 'spin:postgres/postgres' = 'fermyon:spin/postgres', imports: string[] = []) {
  const recording = recordingServices(allowed, { imports });
  return { ...(spinPostgres(recording.services)[key] as PostgresClasses), ...recording };
}

const failed = (message: string) => ({ tag: 'err', val: { tag: 'connection-failed', val: message } });
const unsupportedEvent = (extra: object) => ({ kind: 'host.unsupported', time: expect.any(Number), interface: V2, function: '[static]connection.open', ...extra });

describe("Spin's postgres open: the connection string's hosts are checked in order, then PostgreSQL is not supported", () => {
  it.each([
    ['postgres://app:secret@127.0.0.1/orders', ['127.0.0.1:5432'], 'postgres://127.0.0.1'],
    ['host=127.0.0.1 user=app', ['127.0.0.1'], 'postgres://127.0.0.1'],
    ['host=127.0.0.1,127.0.0.2 port=5432,5433', ['127.0.0.1:5432', '127.0.0.2:5433'], 'postgres://127.0.0.1, postgres://127.0.0.2:5433'],
    ['host=127.0.0.1,127.0.0.2 port=5433', ['127.0.0.1:5433', '127.0.0.2:5433'], 'postgres://127.0.0.1:5433, postgres://127.0.0.2:5433'],
  ])('%j: checks %j, answers connection-failed(...) saying it is not supported, reports it', (address, checked, allowedBy) => {
    const { Connection, checks, events } = postgres(['postgres://127.0.0.1', 'postgres://127.0.0.1:5433', 'postgres://127.0.0.2:5433']);
    expect(Connection.open(address)).toEqual(failed(NOT_SUPPORTED));
    expect(checks).toEqual(checked.map((hostAddress) => ({ interface: V2, scheme: 'postgres', address: hostAddress })));
    expect(events).toEqual([unsupportedEvent({ address, allowedBy, error: { tag: 'connection-failed', message: NOT_SUPPORTED } })]);
  });

  it.each([
    ['postgres://127.0.0.1:5433/orders', ['127.0.0.1:5433'], 'address postgres://127.0.0.1:5433 is not permitted'],
    ['host=127.0.0.9 user=app', ['127.0.0.9'], 'address postgres://127.0.0.9 is not permitted'],
    // The first denied host ends the check.
    ['host=127.0.0.9,127.0.0.1', ['127.0.0.9'], 'address postgres://127.0.0.9 is not permitted'],
    ['host=127.0.0.1,127.0.0.9 port=5432', ['127.0.0.1:5432', '127.0.0.9:5432'], 'address postgres://127.0.0.9:5432 is not permitted'],
    // An address tokio-postgres reads but Spin's URL parser cannot is denied like any other.
    ['postgres://[::1]:5432/orders', ['::1:5432'], 'address postgres://::1:5432 is not permitted'],
  ])("%j: denies %j with Spin's connection-failed(%j), leaving the report to the denial", (address, checked, message) => {
    const { Connection, checks, events } = postgres(['postgres://127.0.0.1', 'postgres://[::1]:5432']);
    expect(Connection.open(address)).toEqual(failed(message));
    expect(checks.map((check) => check.address)).toEqual(checked);
    expect(events).toEqual([]);
  });

  it('a connection string without a host checks nothing, as in Spin, and is not supported', () => {
    const { Connection, checks, events } = postgres([]);
    expect(Connection.open('user=app dbname=orders')).toEqual(failed(NOT_SUPPORTED));
    expect(checks).toEqual([]);
    expect(events).toEqual([unsupportedEvent({ address: 'user=app dbname=orders', error: { tag: 'connection-failed', message: NOT_SUPPORTED } })]);
  });

  it.each([
    ['host=/var/run/postgresql user=app', []],
    ['postgres://%2Fvar%2Frun%2Fpostgresql/orders', []],
    ['host=127.0.0.1,/tmp', ['127.0.0.1']],
  ])("%j: refuses a Unix socket with Spin's text, after checking the hosts before it", (address, checked) => {
    const { Connection, checks, events } = postgres(['postgres://127.0.0.1']);
    const message = 'Unix sockets are not supported on WebAssembly';
    expect(Connection.open(address)).toEqual(failed(message));
    expect(checks.map((check) => check.address)).toEqual(checked);
    expect(events).toEqual([unsupportedEvent({ address, error: { tag: 'connection-failed', message } })]);
  });

  it.each([
    ['host=127.0.0.1 bogus=1', 'invalid connection string: unknown option `bogus`'],
    ['host=127.0.0.1 port=99999', 'invalid connection string: invalid value for option `port`'],
    ["host='127.0.0.1", 'invalid connection string: unterminated quoted connection parameter value'],
  ])("%j: a connection string tokio-postgres refuses answers its error before any check", (address, message) => {
    const { Connection, checks, events } = postgres(['postgres://127.0.0.1']);
    expect(Connection.open(address)).toEqual(failed(message));
    expect(checks).toEqual([]);
    expect(events).toEqual([unsupportedEvent({ address, error: { tag: 'connection-failed', message } })]);
  });

  it('answers connection-failed(...) from query and execute of the resource too', () => {
    const { Connection, events } = postgres([]);
    const connection = new Connection();
    expect([connection['query']!('select 1', []), connection['execute']!('select 1', [])]).toEqual([failed(NOT_SUPPORTED), failed(NOT_SUPPORTED)]);
    expect(events.map((event) => event.kind === 'host.unsupported' && event.function)).toEqual(['[method]connection.query', '[method]connection.execute']);
  });
});

describe('spin:postgres/postgres: one implementation for 3.0.0 and 4.x, named by the version imported', () => {
  const V42 = 'spin:postgres/postgres@4.2.0';

  it('checks and reports under the imported version', () => {
    const { Connection, checks, events } = postgres(['postgres://127.0.0.1'], 'spin:postgres/postgres', [V42]);
    expect(Connection.open('postgres://127.0.0.1/orders')).toEqual(failed(`${V42} is not supported by Spinscope yet`));
    expect(checks).toEqual([{ interface: V42, scheme: 'postgres', address: '127.0.0.1:5432' }]);
    expect(events).toMatchObject([{ interface: V42, function: '[static]connection.open' }]);
  });

  it('connection-builder.build checks the hosts too (Spin 4.2 skips that check)', () => {
    const { ConnectionBuilder, checks } = postgres(['postgres://127.0.0.1'], 'spin:postgres/postgres', [V42]);
    expect(new ConnectionBuilder('postgres://127.0.0.9/orders').build()).toEqual(failed('address postgres://127.0.0.9:5432 is not permitted'));
    expect(checks.map((check) => check.address)).toEqual(['127.0.0.9:5432']);
  });

  it('connection-builder.build of an allowed address answers that it is not supported', () => {
    const { ConnectionBuilder, events } = postgres(['postgres://127.0.0.1'], 'spin:postgres/postgres', [V42]);
    expect(new ConnectionBuilder('host=127.0.0.1').build()).toEqual(failed(`${V42} is not supported by Spinscope yet`));
    expect(events).toMatchObject([{ function: '[method]connection-builder.build', address: 'host=127.0.0.1', allowedBy: 'postgres://127.0.0.1' }]);
  });

  it("set-ca-root accepts a PEM certificate and refuses anything else with Spin's text", () => {
    const { ConnectionBuilder } = postgres([], 'spin:postgres/postgres', [V42]);
    const builder = new ConnectionBuilder('host=127.0.0.1');
    const pem = readFileSync(new URL('../../fixtures/certs/test-root-ca.pem', import.meta.url), 'utf8');
    expect(builder.setCaRoot(pem)).toEqual({ tag: 'ok', val: undefined });
    expect(builder.setCaRoot('not a certificate')).toEqual({ tag: 'err', val: { tag: 'other', val: 'invalid root certificate: invalid root certificate' } });
  });
});
