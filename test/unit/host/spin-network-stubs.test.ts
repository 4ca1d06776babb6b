import { describe, expect, it } from 'vitest';
import { spinMqtt } from '../../../runtime/host/spin-mqtt.js';
import { spinMysql } from '../../../runtime/host/spin-mysql.js';
import { spinRedis } from '../../../runtime/host/spin-redis.js';
import { recordingServices } from '../../support/recording-services.js';

interface OpenableConnection {
  open(address: string, ...rest: unknown[]): unknown;
}

const unsupportedEvent = (iface: string, fn: string, extra: object) => ({ kind: 'host.unsupported', time: expect.any(Number), interface: iface, function: fn, ...extra });

describe('fermyon:spin/redis@2.0.0: the address is checked with the default scheme redis, then Redis is not supported', () => {
  const INTERFACE = 'fermyon:spin/redis@2.0.0';
  const NOT_SUPPORTED = 'fermyon:spin/redis@2.0.0 is not supported by Spinscope yet';
  const open = (allowed: string[], address: string) => {
    const recording = recordingServices(allowed);
    const { Connection } = spinRedis(recording.services)['fermyon:spin/redis'] as { Connection: OpenableConnection };
    return { result: Connection.open(address), ...recording };
  };

  it.each([
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1'],
    ['redis://127.0.0.1', 'redis://127.0.0.1:6379'],
    // spec §7.32: a scheme-less address takes the interface's default scheme.
    ['127.0.0.1:6379', 'redis://127.0.0.1'],
    ['redis://:secret@127.0.0.1:6380/1', 'redis://127.0.0.1:6380'],
  ])('an allowed address %s (by %s) answers other(...) saying Redis is not supported, and is reported', (address, entry) => {
    const { result, checks, events } = open([entry], address);
    expect(result).toEqual({ tag: 'err', val: { tag: 'other', val: NOT_SUPPORTED } });
    expect(checks).toEqual([{ interface: INTERFACE, scheme: 'redis', address }]);
    expect(events).toEqual([
      unsupportedEvent(INTERFACE, '[static]connection.open', { address, allowedBy: entry, error: { tag: 'other', message: NOT_SUPPORTED } }),
    ]);
  });

  it.each([
    ['redis://127.0.0.1:6380', 'another port'],
    ['rediss://127.0.0.1:6379', 'another scheme'],
    ['redis://10.0.0.1:6379', 'another host'],
    ['not a url', 'an address Spin cannot parse'],
  ])('denies %s (%s) with invalid-address, as Spin does, reporting nothing more', (address) => {
    const { result, checks, events } = open(['redis://127.0.0.1'], address);
    expect(result).toEqual({ tag: 'err', val: { tag: 'invalid-address' } });
    expect(checks).toEqual([{ interface: INTERFACE, scheme: 'redis', address }]);
    expect(events).toEqual([]);
  });

  it('answers other(...) from every method of the resource too', () => {
    const recording = recordingServices([]);
    const { Connection } = spinRedis(recording.services)['fermyon:spin/redis'] as { Connection: new () => Record<string, (...args: unknown[]) => unknown> };
    const connection = new Connection();
    for (const method of ['publish', 'get', 'set', 'incr', 'del', 'sadd', 'smembers', 'srem', 'execute']) {
      expect(connection[method]!()).toEqual({ tag: 'err', val: { tag: 'other', val: NOT_SUPPORTED } });
    }
    expect(recording.events.map((event) => event.kind === 'host.unsupported' && event.function)).toEqual(
      ['publish', 'get', 'set', 'incr', 'del', 'sadd', 'smembers', 'srem', 'execute'].map((method) => `[method]connection.${method}`),
    );
  });
});

describe.each([
  {
    name: 'fermyon:spin/mysql@2.0.0',
    scheme: 'mysql',
    connection: (services: ReturnType<typeof recordingServices>['services']) => (spinMysql(services)['fermyon:spin/mysql'] as { Connection: OpenableConnection }).Connection,
    entry: 'mysql://127.0.0.1',
    allowed: ['mysql://app:secret@127.0.0.1/orders', 'mysql://127.0.0.1:3306', '127.0.0.1'],
    denied: ['mysql://app:secret@127.0.0.1:3307/orders', 'postgres://127.0.0.1:3306', 'not a url'],
    extra: [] as unknown[],
    methods: ['query', 'execute'],
  },
  {
    name: 'fermyon:spin/mqtt@2.0.0',
    scheme: 'mqtt',
    connection: (services: ReturnType<typeof recordingServices>['services']) => (spinMqtt(services)['fermyon:spin/mqtt'] as { Connection: OpenableConnection }).Connection,
    entry: 'mqtt://127.0.0.1',
    allowed: ['mqtt://127.0.0.1:1883?client_id=spin', 'mqtt://127.0.0.1', '127.0.0.1:1883'],
    denied: ['mqtt://127.0.0.1:1884?client_id=spin', 'mqtts://127.0.0.1:1883', 'not a url'],
    extra: ['user', 'password', 30n],
    methods: ['publish'],
  },
])('$name: the address is checked with the default scheme $scheme, then it is not supported', ({ name, scheme, connection, entry, allowed, denied, extra, methods }) => {
  const NOT_SUPPORTED = `${name} is not supported by Spinscope yet`;

  it.each(allowed)('an allowed address %s answers connection-failed(...) saying so, and is reported', (address) => {
    const recording = recordingServices([entry]);
    expect(connection(recording.services).open(address, ...extra)).toEqual({ tag: 'err', val: { tag: 'connection-failed', val: NOT_SUPPORTED } });
    expect(recording.checks).toEqual([{ interface: name, scheme, address }]);
    expect(recording.events).toEqual([
      unsupportedEvent(name, '[static]connection.open', { address, allowedBy: entry, error: { tag: 'connection-failed', message: NOT_SUPPORTED } }),
    ]);
  });

  it.each(denied)("a denied or unparsable address %s answers Spin's connection-failed(\"address <address> is not permitted\")", (address) => {
    const recording = recordingServices([entry]);
    expect(connection(recording.services).open(address, ...extra)).toEqual({ tag: 'err', val: { tag: 'connection-failed', val: `address ${address} is not permitted` } });
    expect(recording.checks).toEqual([{ interface: name, scheme, address }]);
    expect(recording.events).toEqual([]);
  });

  it.each(methods)('answers connection-failed(...) from %s of the resource too', (method) => {
    const recording = recordingServices([]);
    const Connection = connection(recording.services) as unknown as new () => Record<string, () => unknown>;
    expect(new Connection()[method]!()).toEqual({ tag: 'err', val: { tag: 'connection-failed', val: NOT_SUPPORTED } });
    expect(recording.events).toEqual([unsupportedEvent(name, `[method]connection.${method}`, { error: { tag: 'connection-failed', message: NOT_SUPPORTED } })]);
  });
});
