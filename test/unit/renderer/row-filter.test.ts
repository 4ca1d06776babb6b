import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../runtime/traffic/filter/parse-filter.js';
import { compileFilter, isFiltering, NO_FILTER } from '../../../runtime/traffic/row-filter.js';
import { TrafficTree } from '../../../runtime/traffic/traffic-tree.js';
import { visibleRows } from '../../../renderer/state/visible-rows.js';
import { body, exampleTrace, storeTrace } from './sample-events.js';

/** The ids of the rows `query` shows over one request to the example (flat, in trace order). */
function shown(query: string): string[] {
  const tree = new TrafficTree();
  tree.add(exampleTrace('a'));
  return visibleRows(tree, parseFilter(query), new Set()).filter(({ matches }) => matches).map(({ row }) => row.id);
}

function shownWithStores(query: string): string[] {
  const tree = new TrafficTree();
  tree.add([...exampleTrace('a'), ...storeTrace('s')]);
  return visibleRows(tree, parseFilter(query), new Set()).filter(({ matches }) => matches).map(({ row }) => row.id);
}

const EVERY_ROW = ['a-in', 'a-chain', 'a-backend-in', 'a-api', 'a-blocked'];

describe('the filter language over traffic rows', () => {
  it('filters nothing with an empty query, or one whose only term is still being typed', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering(parseFilter('  status:  '))).toBe(false);
    expect(shown('status:')).toEqual(EVERY_ROW);
  });

  it('decision:denied lists just the denials, and decision:allowed the calls the permissions let through', () => {
    expect(shown('decision:denied')).toEqual(['a-blocked']);
    expect(shown('decision:allowed')).toEqual(['a-chain', 'a-api']);
    expect(shownWithStores('decision:denied')).toEqual(['a-blocked', 's-cache-denied', 's-analytics-denied', 's-redis-denied']);
  });

  it('filters by kind, a comma list matching any, a denied call still of its kind', () => {
    expect(shown('kind:inbound')).toEqual(['a-in', 'a-backend-in']);
    expect(shown('kind:chain,outbound')).toEqual(['a-chain', 'a-api', 'a-blocked']);
    expect(shownWithStores('kind:kv')).toEqual(['s-open', 's-get', 's-set', 's-cache-denied']);
    expect(shownWithStores('kind:sqlite')).toEqual(['s-select', 's-insert', 's-analytics-denied']);
    expect(shownWithStores('kind:api')).toEqual(['s-redis-denied', 's-llm']);
  });

  it('filters by component, counting host calls with their request', () => {
    expect(shown('component:backend')).toEqual(['a-backend-in', 'a-api']);
    expect(shown('component:BACKEND,nobody')).toEqual(['a-backend-in', 'a-api']);
    expect(shownWithStores('component:todo')).toHaveLength(10);
  });

  it('filters by part of the host, ignoring case, or by a * pattern', () => {
    expect(shown('host:BLOCKED')).toEqual(['a-blocked']);
    expect(shown('host:127.0.0.1')).toEqual(['a-in', 'a-api']);
    expect(shown('domain:*.example.test')).toEqual(['a-blocked']);
    expect(shown('host:*.test,backend.spin.internal')).toEqual(['a-chain', 'a-blocked']);
  });

  it('filters by part of the URL', () => {
    expect(shown('url:/greeting')).toEqual(['a-chain', 'a-backend-in', 'a-api']);
    expect(shown('url:name=SPIN')).toEqual(['a-in']);
  });

  it('filters by exact status, class, or a list of them; failed and pending for outcomes that are no status', () => {
    expect(shown('status:failed')).toEqual(['a-blocked']);
    expect(shown('status:2xx')).toHaveLength(4);
    expect(shown('status:200')).toHaveLength(4);
    expect(shown('status-code:404,200')).toHaveLength(4);
    expect(shown('status:4xx')).toEqual([]);
    expect(shownWithStores('status:failed component:todo')).toEqual(['s-insert', 's-cache-denied', 's-analytics-denied', 's-redis-denied', 's-llm']);
    expect(shownWithStores('status:2xx component:todo')).toEqual(['s-in']);
    const pending = new TrafficTree();
    pending.add(exampleTrace('p').slice(0, 1));
    expect(visibleRows(pending, parseFilter('status:pending'), new Set()).filter(({ matches }) => matches).map(({ row }) => row.id)).toEqual(['p-in']);
  });

  it('filters by method, ignoring case', () => {
    expect(shown('method:POST')).toEqual([]);
    expect(shown('method:get')).toHaveLength(5);
    expect(shownWithStores('method:KV,SQL')).toHaveLength(7);
  });

  it('has-error keeps the calls that got an error, leaving denials to decision:denied', () => {
    expect(shown('has-error')).toEqual([]);
    expect(shownWithStores('has-error')).toEqual(['s-insert', 's-llm']);
  });

  it('filters by size, bare numbers in bytes and k in KiB, as the Size column counts', () => {
    expect(shown('larger-than:10')).toEqual(['a-api']);
    expect(shown('larger-than:1k')).toEqual([]);
    expect(shown('larger-than:1')).toEqual(['a-in', 'a-chain', 'a-backend-in', 'a-api']);
    const large = new TrafficTree();
    large.add(exampleTrace('l').map((event) => (event.id === 'l-res' && event.kind === 'inbound.response' ? { ...event, body: body('x'.repeat(2048)) } : event)));
    expect(visibleRows(large, parseFilter('larger-than:1.5k'), new Set()).filter(({ matches }) => matches).map(({ row }) => row.id)).toEqual(['l-in']);
  });

  it('filters by duration, above or below, in ms or s', () => {
    expect(shown('duration>20')).toEqual(['a-in']);
    expect(shown('duration>=15ms')).toEqual(['a-in', 'a-chain', 'a-backend-in']);
    expect(shown('duration<10')).toEqual(['a-blocked']);
    expect(shown('duration<=0.012s')).toEqual(['a-api', 'a-blocked']);
    expect(shown('duration>1s')).toEqual([]);
  });

  it('finds a header by name, or by name and part of its value, in the request or the response', () => {
    expect(shown('header:accept')).toEqual(['a-api']);
    expect(shown('header:Content-Type=JSON')).toEqual(['a-api']);
    expect(shown('header:content-type=text/plain')).toEqual(['a-in']);
    expect(shown('header:content-type')).toEqual(['a-in', 'a-api']);
    expect(shown('header:"content-type=text/plain"')).toEqual(['a-in']);
  });

  it('finds text in request and response bodies, and in a key-value value', () => {
    expect(shown('body:greeting')).toEqual(['a-api']);
    expect(shown('body:"hello"')).toEqual(['a-in']);
    expect(shown('body:HELLO')).toEqual(['a-in']);
    expect(shownWithStores('body:42')).toEqual(['s-set']);
  });

  it('matches free words, each anywhere in the row: URL, component, status, headers or bodies', () => {
    expect(shown('greeting backend')).toEqual(['a-chain', 'a-backend-in', 'a-api']);
    expect(shown('denied')).toEqual(['a-blocked']);
    expect(shown('text/plain')).toEqual(['a-in']);
    expect(shown('hello')).toEqual(['a-in']);
    expect(shown('"/greeting backend"')).toEqual(['a-backend-in', 'a-api']);
    expect(shown('"application/json"')).toEqual(['a-api']);
    expect(shown('nothing-like-this')).toEqual([]);
    expect(shownWithStores('counter')).toEqual(['s-get', 's-set']);
    expect(shownWithStores('from todos')).toEqual(['s-select']);
    expect(shownWithStores('io todo')).toEqual(['s-insert']);
  });

  it('keeps a key that is no key, such as a port, as text', () => {
    expect(shown('127.0.0.1:8080')).toEqual(['a-api']);
    expect(shown('https://blocked')).toEqual(['a-blocked']);
  });

  it('matches a regular expression, ignoring case, over the URL, headers and bodies', () => {
    expect(shown('/^\\/GREETING$/')).toEqual(['a-backend-in']);
    expect(shown('/"greeting":\\s*"h.?"/')).toEqual(['a-api']);
    expect(shown('/blocked|backend\\.spin/')).toEqual(['a-chain', 'a-blocked']);
  });

  it('negates any term with a leading -', () => {
    expect(shown('-kind:inbound')).toEqual(['a-chain', 'a-api', 'a-blocked']);
    expect(shown('-decision:denied -component:backend')).toEqual(['a-in', 'a-chain']);
    expect(shown('-/greeting/')).toEqual(['a-in', 'a-blocked']);
    expect(shown('-json')).toEqual(['a-in', 'a-chain', 'a-backend-in', 'a-blocked']);
    expect(shown('-has-error')).toEqual(EVERY_ROW);
    expect(shown('-header:content-type')).toEqual(['a-chain', 'a-backend-in', 'a-blocked']);
  });

  it('leaves out a term it cannot read, so the rest still applies', () => {
    expect(shown('/greeting(/ kind:inbound')).toEqual(['a-in', 'a-backend-in']);
    expect(shown('status:abc')).toEqual(EVERY_ROW);
  });

  it('compiles each filter once', () => {
    const filter = parseFilter('kind:inbound json');
    expect(compileFilter(filter)).toBe(compileFilter(filter));
  });

  const KEYED_TERMS = ['kind:inbound', 'kind:outbound,chain', 'decision:denied', 'decision:allowed', 'status:2xx', 'status:failed', 'method:GET', 'host:127', 'url:greeting', 'component:frontend', 'has-error', 'larger-than:4', 'duration>14', 'header:content-type=json', 'body:hi', 'hello', '/^get /'];

  it('splits the rows in two with any term and its negation', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KEYED_TERMS), (term) => {
        const kept = shownWithStores(term);
        const dropped = shownWithStores(`-${term}`);
        expect(kept.filter((id) => dropped.includes(id))).toEqual([]);
        expect(kept.length + dropped.length).toBe(shownWithStores('').length);
      }),
    );
  });

  it('shows what every one of its terms shows, whatever their order', () => {
    fc.assert(
      fc.property(fc.subarray(KEYED_TERMS, { minLength: 1, maxLength: 4 }), (terms) => {
        const together = shownWithStores(terms.join(' '));
        const each = terms.map((term) => shownWithStores(term));
        expect(together).toEqual(shownWithStores('').filter((id) => each.every((ids) => ids.includes(id))));
        expect(shownWithStores([...terms].reverse().join(' '))).toEqual(together);
      }),
      { numRuns: 60 },
    );
  });
});
