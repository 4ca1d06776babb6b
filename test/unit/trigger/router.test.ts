import { describe, expect, it } from 'vitest';
import { buildRouter, RouteError, routerWarningMessages, type TriggerRoute } from '../../../runtime/trigger/index.js';

/** Routes written as `[component, route]` pairs, in manifest order. */
function routes(...pairs: [component: string, route: string][]): TriggerRoute[] {
  return pairs.map(([component, pattern]) => ({ component, route: { kind: 'path', pattern } }));
}

function componentFor(table: TriggerRoute[], path: string): string | undefined {
  return buildRouter(table).route(path)?.component;
}

describe('spec §15.64 route matching (Spin routes/src/lib.rs tests)', () => {
  it('routes exact paths to their components', () => {
    const router = buildRouter(routes(['foo', '/foo'], ['foobar', '/foo/bar']));
    expect(router.route('/foo')?.component).toBe('foo');
    expect(router.route('/foo/bar')?.component).toBe('foobar');
    expect(router.route('/foo/baz')).toBeUndefined();
    expect(router.route('/foobar')).toBeUndefined();
  });

  it('lets a /... wildcard match every path, the root included', () => {
    const router = buildRouter(routes(['all', '/...']));
    for (const path of ['/foo/bar', '/abc/', '/', '/this/should/be/captured?abc=def']) {
      expect(router.route(path)?.component).toBe('all');
    }
  });

  it('prefers the longest wildcard prefix whatever the manifest order', () => {
    const forward = routes(['one', '/one/...'], ['onetwo', '/one/two/...'], ['onetwothree', '/one/two/three/...']);
    expect(componentFor(forward, '/one/two/three/four')).toBe('onetwothree');
    expect(componentFor([...forward].reverse(), '/one/two/three/four')).toBe('onetwothree');
    expect(componentFor(forward, '/one/two')).toBe('onetwo');
  });

  it('prefers an exact route over a wildcard', () => {
    expect(componentFor(routes(['wildcard', '/...'], ['one_exact', '/one']), '/one')).toBe('one_exact');
  });

  it('orders exact segments before :params before the wildcard (routefinder precedence)', () => {
    const table = routes(['zero', '/...'], ['one', '/:param'], ['two', '/hello']);
    const router = buildRouter(table);
    expect(router.route('/hello')?.component).toBe('two');
    expect(router.route('/hey')?.component).toBe('one');
    expect(router.route('/hey')?.pathMatches).toEqual([['param', 'hey']]);
    expect(router.route('/hey/there')?.component).toBe('zero');
    expect(router.route('/')?.component).toBe('zero');
  });

  it('matches a later exact segment over an earlier :param only segment by segment', () => {
    const router = buildRouter(routes(['param-first', '/:user/profile'], ['exact-first', '/admin/:page']));
    expect(router.route('/admin/profile')?.component).toBe('exact-first');
    expect(router.route('/bob/profile')?.component).toBe('param-first');
  });

  it('treats a trailing /* as a wildcard too', () => {
    const match = buildRouter(routes(['star', '/static/*'])).route('/static/css/site.css');
    expect(match?.component).toBe('star');
    expect(match?.pathInfo).toBe('/css/site.css');
    expect(buildRouter(routes(['star', '/static/*'])).routes()[0]).toMatchObject({ path: '/static', wildcard: true });
  });

  it('ignores leading and trailing slashes of the request path', () => {
    const router = buildRouter(routes(['foo', '/foo']));
    expect(router.route('/foo/')?.component).toBe('foo');
    expect(router.route('//foo//')?.component).toBe('foo');
  });

  it('keeps a dotted route as one exact segment', () => {
    const router = buildRouter(routes(['page', '/index.html'], ['file', '/:name.txt']));
    expect(router.route('/index.html')?.component).toBe('page');
    expect(router.route('/index/html')).toBeUndefined();
    expect(router.route('/readme.txt')?.pathMatches).toEqual([['name', 'readme']]);
  });
});

describe('spec §15.64 route text: missing leading slash, trailing slash, root', () => {
  it('prepends / to a route written without one, but reports the raw text as written', () => {
    const match = buildRouter(routes(['foo', 'foo/...'])).route('/foo/bar');
    expect(match).toMatchObject({ component: 'foo', matchedRoute: '/foo/...', rawRoute: 'foo/...', componentRoute: 'foo' });
  });

  it('gives the root route an empty matched route, as Spin does', () => {
    expect(buildRouter(routes(['root', '/'])).route('/')).toMatchObject({ matchedRoute: '', rawRoute: '/', componentRoute: '/' });
  });

  it('does not treat routes that differ only in a trailing slash as duplicates; the first listed wins', () => {
    const router = buildRouter(routes(['a', '/foo'], ['b', '/foo/']));
    expect(router.warnings).toEqual([]);
    expect(router.routes()).toHaveLength(2);
    expect(router.route('/foo')?.component).toBe('a');
  });
});

describe('spec §15.64 duplicate routes are logged and the later one wins', () => {
  const table = routes(['comp-/', '/'], ['comp-first /foo', '/foo'], ['comp-second /foo', '/foo'], ['comp-/whee/...', '/whee/...']);

  it('keeps one route per text, in the position of the first', () => {
    const router = buildRouter(table);
    expect(router.routes().map((route) => route.component)).toEqual(['comp-/', 'comp-second /foo', 'comp-/whee/...']);
    expect(router.route('/foo')?.component).toBe('comp-second /foo');
  });

  it('reports each replaced route as a warning with Spin wording', () => {
    expect(buildRouter(table).warnings).toEqual([
      {
        kind: 'duplicate-route',
        route: '/foo',
        replacedId: 'comp-first /foo',
        effectiveId: 'comp-second /foo',
        message: 'comp-first /foo: /foo (duplicate of comp-second /foo)',
      },
    ]);
  });

  it('reports the root and wildcard routes faithfully', () => {
    const router = buildRouter(
      routes(
        ['first /', '/'],
        ['second /', '/'],
        ['first /...', '/...'],
        ['second /...', '/...'],
        ['first /whee/...', '/whee/...'],
        ['second /whee/...', '/whee/...'],
      ),
    );
    expect(router.warnings.map((warning) => warning.kind === 'duplicate-route' && [warning.replacedId, warning.route])).toEqual([
      ['first /', '/'],
      ['first /...', '/...'],
      ['first /whee/...', '/whee/...'],
    ]);
  });
});

describe('spec §10.46 private endpoints', () => {
  const table: TriggerRoute[] = [...routes(['public', '/...']), { component: 'backend', route: { kind: 'private' } }];

  it('puts a private component in the trigger table but never routes to it', () => {
    const router = buildRouter(table);
    expect(router.components.has('backend')).toBe(true);
    expect(router.routes().map((route) => route.component)).toEqual(['public']);
    expect(router.route('/backend')?.component).toBe('public');
  });

  it('reaches a private component by chaining with the synthetic /... route', () => {
    expect(buildRouter(table).chain('backend', '/api/items')).toEqual({
      component: 'backend',
      matchedRoute: '/...',
      rawRoute: '/...',
      componentRoute: '',
      basePath: '/',
      pathInfo: '/api/items',
      pathMatches: [],
    });
  });

  it('fails chaining to a component outside the trigger table (spec §10.45)', () => {
    expect(() => buildRouter(table).chain('nope', '/')).toThrow(new RouteError("unknown routing destination 'nope'", { component: 'nope' }));
  });
});

describe('spec §15.64 captures: path info and :name segments', () => {
  it('captures the trailing wildcard as path info', () => {
    expect(buildRouter(routes(['comp', '/...'])).route('/1/2/3')?.pathInfo).toBe('/1/2/3');
    expect(buildRouter(routes(['comp', '/1/...'])).route('/1/2/3')?.pathInfo).toBe('/2/3');
  });

  it.each([
    ['/test', ''],
    ['/test/', '/'],
    ['/test/hello', '/hello'],
    ['/test/hello/', '/hello/'],
  ])('keeps the trailing slash Spin has always kept: %s gives %j', (path, pathInfo) => {
    expect(buildRouter(routes(['comp', '/test/...'])).route(path)?.pathInfo).toBe(pathInfo);
  });

  it('gives an exact route empty path info', () => {
    expect(buildRouter(routes(['comp', '/exact'])).route('/exact')?.pathInfo).toBe('');
  });

  it('captures named segments', () => {
    expect(buildRouter(routes(['comp', '/1/:two/3'])).route('/1/2/3')?.pathMatches).toEqual([['two', '2']]);
    expect(buildRouter(routes(['comp', '/1/:two/...'])).route('/1/2/3')?.pathMatches).toEqual([['two', '2']]);
  });

  it('does not match a :name segment against nothing', () => {
    expect(buildRouter(routes(['comp', '/users/:id'])).route('/users/')).toBeUndefined();
  });
});

describe('spec §15.64 routes Spin refuses or warns about', () => {
  it('rejects a named wildcard with routefinder message, prefixed as Spin does', () => {
    expect(() => buildRouter(routes(['comp', '/files/*rest']))).toThrow(
      "Error parsing route /files/*rest associated with component comp: since there can only be one wildcard, it doesn't need a name. replace `*rest` with `*`",
    );
  });

  it('rejects an unnamed :param', () => {
    expect(() => buildRouter(routes(['comp', '/users/:']))).toThrow(
      'Error parsing route /users/: associated with component comp: params must be named',
    );
  });

  it('warns about routes under /.well-known/spin/ only', () => {
    const reserved = (route: string): boolean => buildRouter(routes(['comp', route])).warnings.some((w) => w.kind === 'reserved-route');
    expect(reserved('/.well-known/spin/...')).toBe(true);
    expect(reserved('/.well-known/spin/fie')).toBe(true);
    expect(reserved('/.well-known/spindle/...')).toBe(false);
    expect(reserved('/.well-known/spi/...')).toBe(false);
    expect(reserved('/.well-known/spin')).toBe(false);
  });

  it('warns about a wildcard before the end, and fails a request that reaches it as Spin panics', () => {
    const router = buildRouter(routes(['comp', '/a/*/b']));
    expect(router.warnings.map((warning) => warning.kind)).toEqual(['mid-route-wildcard']);
    expect(router.route('/other')).toBeUndefined();
    expect(() => router.route('/a/x/b')).toThrow(RouteError);
  });
});

describe('route listings, as spin up prints them', () => {
  it('lists routes in try order with Spin display text', () => {
    const router = buildRouter(routes(['comp-/', '/'], ['comp-/foo', '/foo'], ['comp-/bar', '/bar'], ['comp-/whee', '/whee/...'], ['all', '/...']));
    expect(router.routes()).toEqual([
      { component: 'comp-/', path: '/', wildcard: false, display: '' },
      { component: 'comp-/foo', path: '/foo', wildcard: false, display: '/foo' },
      { component: 'comp-/bar', path: '/bar', wildcard: false, display: '/bar' },
      { component: 'comp-/whee', path: '/whee', wildcard: true, display: '/whee (wildcard)' },
      { component: 'all', path: '/', wildcard: true, display: ' (wildcard)' },
    ]);
  });

  it('keeps manifest order among equally specific routes past one B-tree node', () => {
    const many = Array.from({ length: 40 }, (_, i): [string, string] => [`c${i}`, `/r${i}`]);
    expect(buildRouter(routes(...many)).routes().map((route) => route.component)).toEqual(many.map(([component]) => component));
  });
});

describe('static_response triggers route like components (Spin TriggerLookupKey::Trigger)', () => {
  const gone = { status: 410, headers: [] };
  const table: TriggerRoute[] = [
    { id: 'http-trigger1', route: { kind: 'path', pattern: '/...' }, staticResponse: { status: 404, headers: [], body: 'not found' } },
    { component: 'web', route: { kind: 'path', pattern: '/web' } },
    { id: 'hidden', route: { kind: 'private' }, staticResponse: gone },
  ];

  it('routes a path to the trigger with its response, and lists it under the trigger id', () => {
    const router = buildRouter(table);
    expect(router.route('/other')).toMatchObject({ staticTrigger: 'http-trigger1', staticResponse: { status: 404, body: 'not found' }, matchedRoute: '/...' });
    expect(router.route('/other')).not.toHaveProperty('component');
    expect(router.route('/web')).toMatchObject({ component: 'web' });
    expect(router.routes()).toEqual([
      { component: 'web', path: '/web', wildcard: false, display: '/web' },
      { staticTrigger: 'http-trigger1', path: '/', wildcard: true, display: ' (wildcard)' },
    ]);
  });

  it('never chains to a static trigger, private or not: chaining reaches components only', () => {
    const router = buildRouter(table);
    expect([...router.components]).toEqual(['web']);
    expect(() => router.chain('hidden', '/')).toThrow(RouteError);
    expect(() => router.chain('http-trigger1', '/')).toThrow(RouteError);
  });

  it('names a static trigger by its id in duplicate warnings, and keeps a losing component chainable', () => {
    const router = buildRouter([
      { component: 'first', route: { kind: 'path', pattern: '/foo' } },
      { id: 'http-trigger1', route: { kind: 'path', pattern: '/foo' }, staticResponse: gone },
      { component: 'second', route: { kind: 'path', pattern: '/foo' } },
    ]);
    expect(router.route('/foo')).toMatchObject({ component: 'second' });
    expect(router.chain('first', '/x')).toMatchObject({ component: 'first' });
    expect(routerWarningMessages(router.warnings)).toEqual([
      'The following component routes are duplicates and will never be used:\n  first: /foo (duplicate of http-trigger1)\n  http-trigger1: /foo (duplicate of second)',
    ]);
  });

  it('reports reserved and mid-route-wildcard routes as messages of their own, after the duplicates', () => {
    const router = buildRouter([
      { component: 'a', route: { kind: 'path', pattern: '/.well-known/spin/x' } },
      { component: 'b', route: { kind: 'path', pattern: '/a/*/b' } },
      { component: 'c', route: { kind: 'path', pattern: '/a/*/b' } },
    ]);
    expect(routerWarningMessages(router.warnings)).toEqual([
      'The following component routes are duplicates and will never be used:\n  b: /a/*/b (duplicate of c)',
      'Routes under /.well-known/spin/ are handled by the Spin runtime and will never be reached',
      "c: route /a/*/b has a wildcard before its end; Spin's router panics on requests that reach it",
    ]);
  });
});
