import { describe, expect, it } from 'vitest';
import { applySuggestion, suggestFilter, SUGGESTION_LIMIT } from '../../../renderer/filter/filter-suggestions.js';
import { FilterVocabulary, VOCABULARY_LIMIT } from '../../../renderer/filter/filter-vocabulary.js';
import { exampleTrace, storeTrace } from './sample-events.js';

function sources(components: readonly string[] = ['frontend', 'backend']) {
  const vocabulary = new FilterVocabulary();
  vocabulary.add([...exampleTrace('a'), ...storeTrace('s')]);
  return { vocabulary, components };
}

/** The suggestions for a query whose caret is at `|` (the end without one). */
function suggest(query: string) {
  const caret = query.includes('|') ? query.indexOf('|') : query.length;
  return suggestFilter(query.replace('|', ''), caret, sources());
}

const texts = (query: string) => suggest(query).suggestions.map((suggestion) => suggestion.text);

describe('filter suggestions', () => {
  it('offers the keys a prefix starts, operators included, each wanting its value next', () => {
    expect(texts('st')).toEqual(['status:']);
    expect(texts('d')).toEqual(['domain:', 'decision:', 'duration>', 'duration<']);
    expect(texts('-ha')).toEqual(['has-error']);
    expect(suggest('st').suggestions[0]).toMatchObject({ complete: false, detail: expect.stringContaining('4xx') });
    expect(suggest('ha').suggestions[0]?.complete).toBe(true);
  });

  it('offers DevTools’ alias only to someone typing it', () => {
    expect(texts('dom')).toEqual(['domain:']);
    expect(texts('status')).toEqual(['status:']);
    expect(texts('status-')).toEqual(['status-code:']);
    expect(texts('h')).toEqual(['host:', 'has-error', 'header:']);
  });

  it('offers every key where nothing is typed yet, marked empty so the list waits to be asked', () => {
    const completion = suggest('status:404 |');
    expect(completion.empty).toBe(true);
    expect(completion.suggestions.map((suggestion) => suggestion.text)).toContain('component:');
    expect(suggest('').empty).toBe(true);
    expect(suggest('st').empty).toBe(false);
  });

  it('offers nothing for free text, a regular expression, or a key it does not know', () => {
    expect(texts('greeting')).toEqual([]);
    expect(texts('/gr')).toEqual([]);
    expect(texts('stauts:4')).toEqual([]);
    expect(texts('has-error')).toEqual([]);
  });

  it('offers a key’s own values and those seen this session', () => {
    expect(texts('kind:')).toEqual(['inbound', 'outbound', 'chain', 'kv', 'sqlite', 'api', 'reload', 'build']);
    expect(texts('status:')).toEqual(['2xx', '3xx', '4xx', '5xx', '1xx', 'failed', 'pending', '200']);
    expect(texts('status:2')).toEqual(['2xx', '200']);
    expect(texts('method:')).toEqual(['GET']);
    expect(texts('decision:')).toEqual(['denied', 'allowed']);
    expect(texts('header:c')).toEqual(['content-type']);
    expect(texts('header:ep')).toEqual(['accept']);
    expect(texts('larger-than:')).toEqual(['1k', '10k', '100k', '1M']);
    expect(texts('duration>')).toEqual(['10ms', '100ms', '1s']);
  });

  it('offers the app’s components and those seen, once each', () => {
    expect(texts('component:')).toEqual(['frontend', 'backend', 'todo']);
    expect(suggestFilter('component:', 10, sources(['todo', 'other'])).suggestions.map((suggestion) => suggestion.text)).toEqual(['todo', 'other', 'frontend', 'backend']);
  });

  it('offers hosts that start with what is typed first, then those that contain it', () => {
    expect(texts('host:')).toEqual(['127.0.0.1:3000', 'backend.spin.internal', '127.0.0.1:8080', 'blocked.example.test']);
    expect(texts('host:b')).toEqual(['backend.spin.internal', 'blocked.example.test']);
    expect(texts('host:example')).toEqual(['blocked.example.test']);
  });

  it('completes the comma-list item at the caret, leaving out the items already there', () => {
    const completion = suggest('kind:inbound,o|,kv');
    expect(completion.suggestions.map((suggestion) => suggestion.text)).toEqual(['outbound']);
    expect(applySuggestion('kind:inbound,o,kv', completion, completion.suggestions[0]!)).toEqual({ text: 'kind:inbound,outbound,kv', caret: 21 });
    expect(texts('kind:inbound,')).not.toContain('inbound');
  });

  it('completes a header’s name but not its value', () => {
    expect(texts('header:acc|=json')).toEqual(['accept']);
    expect(texts('header:accept=j')).toEqual([]);
  });

  it('drops a suggestion that is exactly what is typed', () => {
    expect(texts('method:GET')).toEqual([]);
    expect(texts('kind:kv')).toEqual([]);
  });

  it('inserts a key and leaves the caret for its value; inserts a value and a space after it', () => {
    const key = suggest('-st');
    expect(key).toMatchObject({ from: 1, to: 3 });
    expect(applySuggestion('-st', key, key.suggestions[0]!)).toEqual({ text: '-status:', caret: 8 });
    const value = suggest('url:x method:g');
    expect(applySuggestion('url:x method:g', value, value.suggestions[0]!)).toEqual({ text: 'url:x method:GET ', caret: 17 });
    const inside = suggest('sta| kind:kv');
    expect(applySuggestion('sta kind:kv', inside, inside.suggestions[0]!)).toEqual({ text: 'status: kind:kv', caret: 7 });
  });

  it('replaces a key that already has a value without touching the value', () => {
    const completion = suggest('-stat|:404');
    expect(applySuggestion('-stat:404', completion, completion.suggestions[0]!)).toEqual({ text: '-status:404', caret: 8 });
  });

  it('shows at most a screenful', () => {
    const vocabulary = new FilterVocabulary();
    vocabulary.add(Array.from({ length: 30 }, (_, index) => exampleTrace(`h${index}`)[4]!).map((event, index) => ({ ...event, url: `http://host-${index}.test/` })));
    expect(suggestFilter('host:host', 9, { vocabulary, components: [] }).suggestions).toHaveLength(SUGGESTION_LIMIT);
  });
});

describe('the session’s filter vocabulary', () => {
  it('notes components, methods, hosts, statuses and header names from events', () => {
    const { vocabulary } = sources();
    expect(vocabulary.values('components')).toEqual(['frontend', 'backend', 'todo']);
    expect(vocabulary.values('methods')).toEqual(['GET']);
    expect(vocabulary.values('statuses')).toEqual(['200']);
    expect(vocabulary.values('headers')).toEqual(['host', 'accept', 'content-type']);
  });

  it('keeps a bounded number of each, and forgets them all on clear', () => {
    const vocabulary = new FilterVocabulary();
    vocabulary.add(Array.from({ length: VOCABULARY_LIMIT + 50 }, (_, index) => ({ ...exampleTrace('a')[4]!, id: `r${index}`, url: `http://h${index}.test/` })));
    expect(vocabulary.values('hosts')).toHaveLength(VOCABULARY_LIMIT);
    vocabulary.clear();
    expect(vocabulary.values('hosts')).toEqual([]);
  });
});
