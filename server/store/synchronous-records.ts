/**
 * The SQLite adapter is synchronous underneath (better-sqlite3 commits and fsyncs before a call returns);
 * the contract is asynchronous (P6). Each SQLite record store is written against `Synchronous<…>` of its
 * interface and turned into the contract's shape once, by {@link promised}.
 */

/** `T` with every method returning its promise's value directly. */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/**
 * The asynchronous form of a synchronous record store: every method runs at once, in the caller's turn (so
 * a SQLite write is durable before the promise exists), and resolves to its result or rejects with its error.
 */
export function promised<T extends object>(records: Synchronous<T>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(records)) {
    if (typeof value !== 'function') continue;
    const method = value as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]): Promise<unknown> => {
      try {
        return Promise.resolve(method(...args));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
  }
  return wrapped as T;
}
