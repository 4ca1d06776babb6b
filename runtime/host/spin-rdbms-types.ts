/**
 * `fermyon:spin/rdbms-types@2.0.0`: the types Spin's mysql@2.0.0 and postgres@2.0.0
 * share. A guest of either imports it, but it declares no function, so jco's glue never
 * reads it; it is registered (empty) so that checkImports knows it is linked.
 */

/**
 * `variant error { connection-failed(string), bad-parameter(string), query-failed(string), value-conversion-failed(string), other(string) }`
 * (also spin:postgres@3.0.0's; @4.x's `query-failed` carries a `query-error`, which
 * Spinscope never answers).
 */
export type RdbmsError =
  | { tag: 'connection-failed'; val: string }
  | { tag: 'bad-parameter'; val: string }
  | { tag: 'query-failed'; val: string }
  | { tag: 'value-conversion-failed'; val: string }
  | { tag: 'other'; val: string };

/** The `rdbms-types` interface: nothing but types. */
export function spinRdbmsTypes(): Record<string, object> {
  return { 'fermyon:spin/rdbms-types': {} };
}
