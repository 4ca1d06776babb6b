/** The request target split as hyper's `http::Uri` splits it, without URL normalisation. */

/** A request target's parts. */
export interface RequestTarget {
  /** What the router sees: the path without the query. */
  readonly path: string;
  /** Path and query as sent; `/` when an absolute URL has no path. */
  readonly pathWithQuery: string;
  /** Set for an absolute-form target (`GET http://host/path`) or a full URL. */
  readonly authority: string | undefined;
}

/**
 * Splits origin-form (`/a?b`) and absolute-form (`http://host/a?b`) targets. Unlike
 * `new URL`, it keeps dot segments and percent-encoding as sent, since Spin routes
 * and reports the path exactly as received.
 */
export function parseRequestTarget(target: string): RequestTarget {
  // hyper drops a fragment; clients should never send one.
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)(.*)$/i.exec(target);
  const authority = absolute?.[1];
  let pathWithQuery = absolute === null ? target : (absolute[2] as string);
  if (absolute !== null && !pathWithQuery.startsWith('/')) pathWithQuery = `/${pathWithQuery}`;
  const query = pathWithQuery.indexOf('?');
  return { path: query < 0 ? pathWithQuery : pathWithQuery.slice(0, query), pathWithQuery, authority };
}
