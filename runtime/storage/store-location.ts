/**
 * Where a key-value store or a SQLite database lives: a file, or an in-memory database
 * private to one connection (Spin's `DatabaseLocation::InMemory`).
 */
export type StoreLocation = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'memory' };
