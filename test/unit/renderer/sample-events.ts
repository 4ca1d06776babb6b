import type { AppReloadedEvent, CapturedBody, ReloadChanges, SpinscopeEvent } from '../../../runtime/api/events.js';

const encoder = new TextEncoder();

/** A captured body holding `text` whole. */
export function body(text: string): CapturedBody {
  const captured = encoder.encode(text);
  return { captured, size: captured.length, truncated: false };
}

/**
 * The events of one request to the bundled example: the frontend chains to the private
 * backend, which fetches its API, then the frontend's call to blocked.example.test is
 * denied. Ids are prefixed with `tag` so several traces can coexist.
 */
export function exampleTrace(tag: string, start = 1_700_000_000_000): SpinscopeEvent[] {
  const traceId = `trace-${tag}`;
  const at = (offset: number): number => start + offset;
  const id = (name: string): string => `${tag}-${name}`;
  return [
    { kind: 'inbound.request', id: id('in'), time: at(0), traceId, component: 'frontend', method: 'GET', pathWithQuery: '/hello?name=spin', headers: [['host', '127.0.0.1:3000']], body: body('') },
    { kind: 'outbound.request', id: id('chain'), time: at(5), traceId, parentId: id('in'), component: 'frontend', method: 'GET', url: 'http://backend.spin.internal/greeting', headers: [], body: body('') },
    { kind: 'chain.hop', id: id('hop'), time: at(6), traceId, parentId: id('chain'), component: 'frontend', from: 'frontend', to: 'backend', url: 'http://backend.spin.internal/greeting' },
    { kind: 'inbound.request', id: id('backend-in'), time: at(7), traceId, parentId: id('chain'), component: 'backend', method: 'GET', pathWithQuery: '/greeting', headers: [], body: body(''), chainedFrom: 'frontend' },
    { kind: 'outbound.request', id: id('api'), time: at(8), traceId, parentId: id('backend-in'), component: 'backend', method: 'GET', url: 'http://127.0.0.1:8080/greeting', headers: [['accept', 'application/json']], body: body('') },
    { kind: 'outbound.response', id: id('api-res'), time: at(20), traceId, parentId: id('api'), component: 'backend', url: 'http://127.0.0.1:8080/greeting', status: 200, headers: [['content-type', 'application/json']], body: body('{"greeting":"hi"}'), timings: { start: at(8), headers: at(15), end: at(20) } },
    { kind: 'guest.log', id: id('log'), time: at(21), traceId, parentId: id('backend-in'), component: 'backend', stream: 'stdout', line: 'fetched greeting' },
    { kind: 'inbound.response', id: id('backend-res'), time: at(22), traceId, parentId: id('backend-in'), component: 'backend', status: 200, headers: [], body: body('hi'), timings: { start: at(7), headers: at(21), end: at(22) } },
    { kind: 'outbound.response', id: id('chain-res'), time: at(23), traceId, parentId: id('chain'), component: 'frontend', url: 'http://backend.spin.internal/greeting', status: 200, headers: [], body: body('hi'), timings: { start: at(5), headers: at(22), end: at(23) } },
    { kind: 'outbound.request', id: id('blocked'), time: at(24), traceId, parentId: id('in'), component: 'frontend', method: 'GET', url: 'https://blocked.example.test/', headers: [] },
    {
      kind: 'outbound.denied',
      id: id('denied'),
      time: at(25),
      traceId,
      parentId: id('blocked'),
      component: 'frontend',
      url: 'https://blocked.example.test/',
      explanation: {
        url: 'https://blocked.example.test/',
        allowed: false,
        nearMisses: [],
        destination: 'https://blocked.example.test',
        suggestion: 'https://blocked.example.test',
        denial: { reason: 'not-allowed', message: 'no allowed_outbound_hosts entry matches https://blocked.example.test' },
      },
    },
    { kind: 'inbound.response', id: id('res'), time: at(30), traceId, parentId: id('in'), component: 'frontend', status: 200, headers: [['content-type', 'text/plain']], body: body('hello'), timings: { start: at(0), headers: at(29), end: at(30) } },
  ];
}

/** An `app.reloaded` published at `time`, set off by `trigger` (and `files`), with `changes` over nothing changed. */
export function reloadEvent(
  id: string,
  options: { time?: number; durationMs?: number; trigger?: AppReloadedEvent['trigger']; files?: string[]; changes?: Partial<ReloadChanges>; actor?: 'agent' } = {},
): AppReloadedEvent {
  const { time = 1_700_000_001_000, durationMs = 12.5, trigger = 'watch', files, changes, actor } = options;
  return {
    kind: 'app.reloaded',
    id,
    time,
    traceId: `trace-${id}`,
    app: 'hello-spinscope',
    components: ['frontend', 'backend'],
    trigger,
    ...(files === undefined ? {} : { files }),
    changes: { restarted: [], removed: [], policies: [], routes: false, ...changes },
    durationMs,
    ...(actor === undefined ? {} : { actor }),
  };
}

/**
 * A build of `frontend` set off by `/app/src/index.js`: started, the `lines` it printed
 * (`err:`-prefixed ones on stderr), and, unless `exitCode` is null (still running), its end.
 */
export function buildTrace(tag: string, lines: string[], exitCode: number | null, start = 1_700_000_002_000): SpinscopeEvent[] {
  const traceId = `trace-${tag}`;
  const startedId = `${tag}-started`;
  const common = { traceId, parentId: startedId, component: 'frontend' } as const;
  const command = 'node -e "build()"';
  return [
    { kind: 'build.started', id: startedId, time: start, traceId, component: 'frontend', command, workdir: '/app', files: ['/app/src/index.js'] },
    ...lines.map((line, index): SpinscopeEvent => {
      const stderr = line.startsWith('err:');
      return { kind: 'build.output', id: `${tag}-line-${index}`, time: start + index + 1, ...common, stream: stderr ? 'stderr' : 'stdout', line: stderr ? line.slice(4) : line };
    }),
    ...(exitCode === null
      ? []
      : [
          {
            kind: 'build.finished',
            id: `${tag}-finished`,
            time: start + 400,
            ...common,
            command,
            exitCode,
            ok: exitCode === 0,
            durationMs: 400,
            ...(exitCode === 0 ? {} : { error: { code: 'SPINSCOPE_BUILD', name: 'BuildError', message: `Build command for component frontend failed with exit code ${exitCode}` } }),
          } satisfies SpinscopeEvent,
        ]),
  ];
}

const bytes = (values: number[]): CapturedBody => ({ captured: Uint8Array.from(values), size: values.length, truncated: false });

/**
 * The events of one request to a todo app that uses key-value and SQLite, beneath its
 * inbound request (each host call published when it returned, as the runtime does): the default store opened, a read that found `counter`, a write, a
 * query with typed rows, a write that failed; then `cache` denied (it exists but is not
 * granted), `analytics` denied (no database has that label), a redis address
 * allowed_outbound_hosts refused, and an llm call Spinscope does not support.
 */
export function storeTrace(tag: string, start = 1_700_000_003_000): SpinscopeEvent[] {
  const traceId = `trace-${tag}`;
  const at = (offset: number): number => start + offset;
  const id = (name: string): string => `${tag}-${name}`;
  const common = { traceId, parentId: id('in'), component: 'todo' } as const;
  const kv = { ...common, interface: 'fermyon:spin/key-value@2.0.0' } as const;
  const sql = { ...common, interface: 'fermyon:spin/sqlite@2.0.0' } as const;
  return [
    { kind: 'inbound.request', id: id('in'), time: at(0), traceId, component: 'todo', method: 'GET', pathWithQuery: '/todos', headers: [['host', '127.0.0.1:3000']], body: body('') },
    { kind: 'kv.operation', id: id('open'), time: at(1), ...kv, durationMs: 0.4, store: 'default', operation: 'open' },
    { kind: 'kv.operation', id: id('get'), time: at(2), ...kv, durationMs: 0.2, store: 'default', operation: 'get', keys: ['counter'], value: body('41'), result: 'found' },
    { kind: 'kv.operation', id: id('set'), time: at(3), ...kv, durationMs: 0.3, store: 'default', operation: 'set', keys: ['counter'], value: body('42') },
    {
      kind: 'sqlite.operation',
      id: id('select'),
      time: at(6),
      ...sql,
      durationMs: 1.5,
      database: 'default',
      operation: 'execute',
      statement: 'SELECT id, title, done, score, icon\n  FROM todos WHERE done = ?',
      parameters: [{ type: 'integer', value: '0' }],
      columns: ['id', 'title', 'done', 'score', 'icon'],
      rows: [
        [{ type: 'integer', value: '9007199254740993' }, { type: 'text', value: 'write tests' }, { type: 'integer', value: '0' }, { type: 'real', value: 2 }, { type: 'blob', value: bytes([0xde, 0xad, 0xbe, 0xef]) }],
        [{ type: 'integer', value: '2' }, { type: 'text', value: 'ship' }, { type: 'integer', value: '0' }, { type: 'real', value: 0.5 }, { type: 'null' }],
      ],
      rowCount: 2,
    },
    { kind: 'sqlite.operation', id: id('insert'), time: at(7), ...sql, durationMs: 0.8, database: 'default', operation: 'execute', statement: 'INSERT INTO todos (title) VALUES (?)', parameters: [{ type: 'text', value: 'x' }], error: { tag: 'io', message: 'UNIQUE constraint failed: todos.title' } },
    {
      kind: 'kv.denied',
      id: id('cache-denied'),
      time: at(7.5),
      ...kv,
      durationMs: 0.1,
      error: { tag: 'access-denied' },
      field: 'key_value_stores',
      label: 'cache',
      granted: ['default'],
      defined: ['default', 'cache'],
      message: 'Component "todo" may not open key-value store "cache": it is not in its key_value_stores (["default"]).',
      suggestion: 'cache',
    },
    {
      kind: 'sqlite.denied',
      id: id('analytics-denied'),
      time: at(8),
      ...sql,
      durationMs: 0.1,
      error: { tag: 'access-denied' },
      field: 'sqlite_databases',
      label: 'analytics',
      granted: ['default'],
      defined: ['default'],
      message: 'Component "todo" may not open SQLite database "analytics": no database has that label.',
    },
    {
      kind: 'outbound.denied',
      id: id('redis-denied'),
      time: at(9),
      ...common,
      interface: 'fermyon:spin/redis@2.0.0',
      url: 'redis://cache.internal:6379',
      explanation: {
        url: 'redis://cache.internal:6379',
        allowed: false,
        nearMisses: [],
        destination: 'redis://cache.internal:6379',
        suggestion: 'redis://cache.internal:6379',
        denial: { reason: 'not-allowed', message: 'no allowed_outbound_hosts entry matches redis://cache.internal:6379' },
      },
    },
    { kind: 'host.unsupported', id: id('llm'), time: at(10), ...common, interface: 'fermyon:spin/llm@2.0.0', function: 'infer', error: { tag: 'runtime-error', message: 'Spinscope does not support fermyon:spin/llm yet' } },
    { kind: 'inbound.response', id: id('res'), time: at(12), traceId, parentId: id('in'), component: 'todo', status: 200, headers: [], body: body('[]'), timings: { start: at(0), headers: at(11), end: at(12) } },
  ];
}
