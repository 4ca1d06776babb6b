import { describe, expect, it } from 'vitest';
import { callArgumentsProblem, type CallMethod } from '../../../runtime/api/contract.js';
import { MAX_SENT_BODY_BYTES, requestDraftProblem } from '../../../runtime/api/request-draft.js';

const GET = { method: 'GET', pathWithQuery: '/', headers: [] } as const;

describe('requestDraftProblem', () => {
  it.each([
    [{ ...GET }],
    [{ method: 'PATCH', pathWithQuery: '/items/7?fields=a,b&x=%20', headers: [['x-odd', `it's "quoted" \t\u00e9`], ['x-empty', ''], ['spin-note', 'sent as given']] as const }],
    [{ method: 'M-SEARCH', pathWithQuery: '/', headers: [], body: new Uint8Array(MAX_SENT_BODY_BYTES) }],
    // Changes to a replay: only the parts given are checked.
    [{ headers: [['accept', '*/*']] as const }],
    [{}],
  ])('accepts %j', (draft) => {
    expect(requestDraftProblem(draft)).toBeUndefined();
  });

  it.each([
    [{ ...GET, method: '' }, 'method', 'the method is empty'],
    [{ ...GET, method: 'GE T' }, 'method', `the method "GE T" is not an HTTP method: one word of letters, digits and !#$%&'*+-.^_\`|~`],
    [{ ...GET, method: 'CONNECT' }, 'method', 'CONNECT asks for a tunnel rather than a response, so it cannot be sent to the app'],
    [{ ...GET, pathWithQuery: 'hello' }, 'path', 'the path "hello" must start with "/"'],
    [{ ...GET, pathWithQuery: '' }, 'path', 'the path "" must start with "/"'],
    [{ ...GET, pathWithQuery: '/a b' }, 'path', 'the path has a space at character 3: percent-encode it (a space is %20)'],
    [{ ...GET, pathWithQuery: '/caf\u00e9' }, 'path', 'the path has "\u00e9" (U+00E9) at character 5: percent-encode it (a space is %20)'],
    [{ ...GET, pathWithQuery: '/a\r\nx: y' }, 'path', 'the path has a line break at character 3: percent-encode it (a space is %20)'],
    [{ ...GET, pathWithQuery: '/page#top' }, 'path', 'the path has a fragment ("#top"), which a client never sends: remove it, or write "#" as %23'],
    [{ ...GET, headers: [['', 'x']] }, 'headers', 'header 1 has no name'],
    [{ ...GET, headers: [['ok', '1'], ['x note', 'y']] }, 'headers', 'header 2: "x note" is not a header name (letters, digits and !#$%&\'*+-.^_`|~ only)'],
    [{ ...GET, headers: [['x:y', 'z']] }, 'headers', 'header 1: "x:y" is not a header name (letters, digits and !#$%&\'*+-.^_`|~ only)'],
    [{ ...GET, headers: [['Host', 'evil.test']] }, 'headers', 'header "Host" is set by the connection to the app: leave it out'],
    [{ ...GET, headers: [['transfer-encoding', 'chunked']] }, 'headers', 'header "transfer-encoding" is set by the connection to the app: leave it out'],
    [{ ...GET, headers: [['x-a', 'one\r\nx-injected: two']] }, 'headers', 'header "x-a": its value has a line break, which a header value cannot hold'],
    [{ ...GET, headers: [['x-a', 'nul\u0000']] }, 'headers', 'header "x-a": its value has a control character (U+0000), which a header value cannot hold'],
    [{ ...GET, headers: [['x-a', 'snow \u2603']] }, 'headers', 'header "x-a": its value has "\u2603" (U+2603), which a header value cannot hold'],
    [{ ...GET, body: new Uint8Array(MAX_SENT_BODY_BYTES + 1) }, 'body', `the body is ${MAX_SENT_BODY_BYTES + 1} bytes; the inspector sends at most ${MAX_SENT_BODY_BYTES} bytes (512 KiB)`],
  ] as const)('refuses %j', (draft, part, message) => {
    expect(requestDraftProblem(draft)).toEqual({ part, message });
  });
});

describe('the argument rules of replay and sendRequest', () => {
  const bytes = Uint8Array.from([1, 2]);
  it.each([
    ['replay', ['trace-1']],
    ['replay', ['trace-1', undefined]],
    ['replay', ['trace-1', {}]],
    ['replay', ['trace-1', { method: 'PUT', pathWithQuery: '/x', headers: [['a', 'b']], body: bytes }]],
    ['sendRequest', [{ method: 'GET', pathWithQuery: '/', headers: [] }]],
    ['sendRequest', [{ method: 'POST', pathWithQuery: '/', headers: [['content-type', 'text/plain']], body: bytes }]],
  ] as const)('accepts %s(%j)', (method: CallMethod, args) => {
    expect(callArgumentsProblem(method, args)).toBeUndefined();
  });

  it.each([
    ['replay', [], /replay takes a trace id/],
    ['replay', [''], /replay takes a trace id \(a non-empty string\)/],
    ['replay', ['t', { verb: 'GET' }], /optional changes \{ method\?: string/],
    ['replay', ['t', { headers: { a: 'b' } }], /headers\?: \[name, value\]\[\]/],
    ['replay', ['t', { headers: [['a']] }], /replay takes/],
    ['replay', ['t', { body: 'text' }], /body\?: bytes/],
    ['replay', ['t', {}, {}], /replay takes/],
    ['sendRequest', [], /sendRequest takes a request/],
    ['sendRequest', [{ method: 'GET', pathWithQuery: '/' }], /sendRequest takes a request \{ method: string, pathWithQuery: string, headers/],
    ['sendRequest', [{ method: 1, pathWithQuery: '/', headers: [] }], /sendRequest takes/],
    ['sendRequest', [{ method: 'GET', pathWithQuery: '/', headers: [[1, 2]] }], /sendRequest takes/],
    ['sendRequest', [{ method: 'GET', pathWithQuery: '/', headers: [], body: [1, 2] }], /body\?: bytes/],
  ] as const)('refuses %s(%j)', (method: CallMethod, args, problem) => {
    expect(callArgumentsProblem(method, args)).toMatch(problem);
  });
});
