import { describe, expect, it } from 'vitest';
import { callArgumentsProblem, type CallMethod } from '../../../runtime/api/contract.js';

const bytes = Uint8Array.from([0, 255]);

// Calls both transports accept (the Electron IPC checks its calls with the same rules).
const VALID: readonly (readonly [CallMethod, readonly unknown[]])[] = [
  ['setStoreAccess', ['web', 'key_value_stores', ['default', 'user-data'], { save: false }]],
  ['setStoreAccess', ['web', 'sqlite_databases', [], { save: true }]],
  ['keyValueStores', []],
  ['keyValueKeys', ['default']],
  ['keyValueKeys', ['default', {}]],
  ['keyValueKeys', ['default', { prefix: 'user:', after: 'user:41', limit: 200 }]],
  ['keyValueGet', ['default', 'counter']],
  // Spin allows the empty key (spec §22.95), so the browser may read and write it.
  ['keyValueGet', ['default', '']],
  ['keyValueSet', ['default', 'counter', bytes]],
  ['keyValueSet', ['default', 'empty', new Uint8Array()]],
  ['keyValueDelete', ['default', 'counter']],
  ['events', []],
  ['events', [{ kinds: ['outbound.request'] }]],
  ['events', [{}, {}]],
  ['events', [{ component: 'web' }, { after: '1234', maxBytes: 1_048_576, maxEvents: 500 }]],
  // As the Electron preload passes `events(undefined, page)` and `events(filter, undefined)`.
  ['events', [undefined, { after: '2' }]],
  ['events', [{ kinds: ['guest.log'] }, undefined]],
  ['outboundRules', []],
  ['setOutboundRules', [[]]],
  [
    'setOutboundRules',
    [
      [
        { name: 'stub', enabled: true, match: { url: 'api.example.com', component: 'web', method: 'GET' }, action: { kind: 'stub', status: 200, headers: [['content-type', 'text/plain']], body: 'hi' } },
        { name: 'slow', enabled: false, match: { url: '**' }, action: { kind: 'delay', ms: 10 } },
        { name: 'cut', enabled: true, match: { url: '**' }, action: { kind: 'fail', error: 'connection-reset', afterBytes: 3 } },
        { name: '3g', enabled: true, match: { url: '**' }, action: { kind: 'throttle', bytesPerSecond: 1000 } },
        { name: 'through', enabled: true, match: { url: '**' }, action: { kind: 'pass' } },
      ],
    ],
  ],
  ['setRuleRecording', [true]],
];

const INVALID: readonly (readonly [CallMethod, readonly unknown[], RegExp])[] = [
  ['events', [{ kinds: ['no.such'] }], /events takes an optional filter/],
  ['events', [{}, { maxBytes: 0 }], /maxBytes\?: positive integer/],
  ['events', [{}, { maxEvents: 1.5 }], /maxEvents\?: positive integer/],
  ['events', [{}, { after: 12 }], /after\?: the "next" of a page/],
  ['events', [{}, { size: 1 }], /events takes/],
  ['events', [{}, {}, {}], /events takes/],
  ['setStoreAccess', ['web', 'allowed_outbound_hosts', ['default'], { save: false }], /"key_value_stores" or "sqlite_databases"/],
  ['setStoreAccess', ['web', 'key_value_stores', 'default', { save: false }], /a list of labels/],
  ['setStoreAccess', ['web', 'key_value_stores', ['default']], /setStoreAccess takes/],
  ['setStoreAccess', ['web', 'key_value_stores', ['default'], { save: 'yes' }], /\{ save: boolean \}/],
  ['keyValueStores', ['default'], /takes no arguments/],
  ['setOutboundRules', [[{ name: 'x', enabled: true, match: { url: '**' }, action: { kind: 'explode' } }]], /setOutboundRules takes a list of rules/],
  ['setOutboundRules', [[{ name: 'x', enabled: true, match: { url: '**' }, action: { kind: 'delay', ms: 1, extra: 1 } }]], /setOutboundRules takes/],
  ['setOutboundRules', [[{ name: 'x', match: { url: '**' }, action: { kind: 'pass' } }]], /setOutboundRules takes/],
  ['setOutboundRules', [[{ name: 'x', enabled: true, match: { host: 'a' }, action: { kind: 'pass' } }]], /setOutboundRules takes/],
  ['setRuleRecording', ['on'], /setRuleRecording takes one boolean/],
  ['keyValueKeys', [], /keyValueKeys takes a store label/],
  ['keyValueKeys', [''], /a non-empty string/],
  ['keyValueKeys', ['default', { limit: 0 }], /limit\?: positive integer/],
  ['keyValueKeys', ['default', { limit: 2.5 }], /positive integer/],
  ['keyValueKeys', ['default', { prefix: 7 }], /prefix\?: string/],
  ['keyValueKeys', ['default', { order: 'desc' }], /keyValueKeys takes/],
  ['keyValueKeys', ['default', {}, {}], /keyValueKeys takes/],
  ['keyValueGet', ['default'], /keyValueGet takes a store label \(a non-empty string\) and a key/],
  ['keyValueGet', ['default', 42], /keyValueGet takes/],
  ['keyValueSet', ['default', 'counter', 'text'], /a value \(bytes\)/],
  ['keyValueSet', ['default', 'counter', [1, 2]], /a value \(bytes\)/],
  ['keyValueSet', ['', 'counter', bytes], /keyValueSet takes/],
  ['keyValueDelete', ['default'], /keyValueDelete takes/],
];

describe('the argument rules of the store methods', () => {
  it.each(VALID)('accepts %s(%j)', (method, args) => {
    expect(callArgumentsProblem(method, args)).toBeUndefined();
  });

  it.each(INVALID)('refuses %s(%j)', (method, args, problem) => {
    expect(callArgumentsProblem(method, args)).toMatch(problem);
  });
});
