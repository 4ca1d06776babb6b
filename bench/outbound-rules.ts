import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboundRule } from '../runtime/api/contract.js';
import { AllowedHosts, CompiledRules, EventStore, outboundDispatcher, performOutboundWith, RuleBook } from '../runtime/index.js';
import { readBody } from '../test/support/read-body.js';
import { compareAsync, formatRate, measure } from './measure.js';

const PAYLOAD = new TextEncoder().encode(JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}` })) }));

/**
 * 100 rules, none matching a GET of `authority`/items: 60 on other exact hosts (filed
 * under them, so never looked at), 20 on the same host with other paths and 20 with
 * wildcard hosts (each tested against the call's URL, the costly kind).
 */
function hundredRules(authority: string): OutboundRule[] {
  const rule = (name: string, url: string): OutboundRule => ({ name, enabled: true, match: { url }, action: { kind: 'stub', status: 200, body: 'never' } });
  return [
    ...Array.from({ length: 60 }, (_, i) => rule(`other host ${i}`, `https://api-${i}.example.com/v1/**`)),
    ...Array.from({ length: 20 }, (_, i) => rule(`same host ${i}`, `http://${authority}/other-${i}/**`)),
    ...Array.from({ length: 20 }, (_, i) => rule(`wildcard host ${i}`, `*.service-${i}.example.net/**`)),
  ];
}

/**
 * (k) Outbound rules: the dispatcher's rate for a GET to a loopback upstream with 100
 * rules loaded (none of which matches it: every call pays the whole lookup) against the
 * same dispatcher with no rules at all, in alternating rounds (aim: <= 1.10x); and the
 * lookup alone, per call.
 */
export async function benchOutboundRules(): Promise<void> {
  const upstream = createServer((_req, res) => res.end(PAYLOAD));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const authority = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const rules = hundredRules(authority);
  const book = new RuleBook();
  book.rules = new CompiledRules(rules, new Map());
  const dispatcherWith = (withRules: RuleBook | undefined) =>
    outboundDispatcher({
      policies: new Map([['frontend', AllowedHosts.parse(['http://127.0.0.1:*'])]]),
      events: new EventStore({ maxTraces: 1000 }),
      dispatchInbound: async () => undefined,
      rules: withRules,
    });
  const plain = dispatcherWith(undefined);
  const ruled = dispatcherWith(book);
  const get = (dispatcher: ReturnType<typeof dispatcherWith>) => {
    const perform = performOutboundWith(dispatcher, 'frontend');
    return async (): Promise<Uint8Array> => {
      const result = await perform({ method: 'GET', scheme: 'http', authority, pathWithQuery: '/items', headers: [], body: new Uint8Array() });
      if (!('response' in result)) throw new Error(`the bench GET failed: ${JSON.stringify(result)}`);
      return readBody(result.response.body);
    };
  };
  const [none, hundred] = await compareAsync({ name: 'GET through the dispatcher, no rules', run: get(plain) }, { name: 'the same GET, 100 rules loaded, none matching', run: get(ruled) }, 15);
  console.log('\n## (k) Outbound rules');
  for (const m of [none, hundred]) console.log(`${m.name.padEnd(48)} ${formatRate(m.opsPerSecond).padStart(9)} requests/s`);
  console.log(`100 rules vs none: ${(none.opsPerSecond / hundred.opsPerSecond).toFixed(3)}x the time per call  (aim: <= 1.10x)`);

  const parts = [{ scheme: 'http', host: '127.0.0.1', port: authority.split(':')[1] ?? '', pathWithQuery: '/items' }];
  const lookup = measure('lookup', parts, (call) => book.rules.match('frontend', 'GET', call) !== undefined);
  const share = (none.opsPerSecond / lookup.opsPerSecond) * 100;
  console.log(`the lookup alone: ${(1e9 / lookup.opsPerSecond).toFixed(0)} ns per call, ${share.toFixed(2)}% of a call's time without rules`);

  await plain.close();
  await ruled.close();
  upstream.close();
}
