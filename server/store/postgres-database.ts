import pg from 'pg';

/**
 * The connection pool of the PostgreSQL store and the few ways the record stores use it: single statements
 * (`pool.query`), transactions (`inTransaction`), and the error codes they map to the store's refusals.
 */

/** PostgreSQL's `int8` (bigint): epoch milliseconds, sequence numbers and counts, all far below 2^53. */
const INT8_OID = 20;

/**
 * bigint columns come back as JavaScript numbers instead of node-postgres's default strings: every bigint
 * the store holds (times in milliseconds, sequence numbers, counts) stays below `Number.MAX_SAFE_INTEGER`.
 */
const storeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : (pg.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Options of `openPostgresPool`. */
export interface PostgresPoolOptions {
  /** At most this many connections (default 10); each server process has its own pool. */
  readonly poolSize?: number;
  /**
   * Told about a connection that broke while idle in the pool (the server restarted, the network
   * dropped): the pool drops it and opens a new one for the next query, so the process keeps running.
   */
  readonly onConnectionError?: (error: Error) => void;
}

/** `postgres://user:secret@host/db` without its password, for messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured database URL';
  }
}

/**
 * A pool on the database at `url`. Refuses (throws) a URL that is not `postgres://` or `postgresql://`,
 * before any connection is tried; reaching the server is the first query's business.
 */
export function openPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `TIERLINE_DATABASE_URL is not a URL; expected postgres://user:password@host:port/database`,
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(
      `TIERLINE_DATABASE_URL must start with postgres:// (got ${parsed.protocol}//); ` +
        'leave it unset to use the embedded SQLite database',
    );
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: storeTypes,
    // A server that does not answer fails the call instead of hanging the start (or a request) forever.
    connectionTimeoutMillis: 10_000,
  });
  // Without a listener an idle connection's error would be thrown as an uncaught 'error' event.
  pool.on('error', (error) => options.onConnectionError?.(error));
  return pool;
}

/** The SQLSTATE of an error from node-postgres (e.g. `23505`, unique violation), if it has one. */
export function postgresErrorCode(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}

/** SQLSTATEs the record stores turn into their own refusals. */
export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
} as const;

/**
 * Runs `work` on one connection inside `BEGIN … COMMIT`, rolling back if it throws (the error is passed on).
 * A connection that broke on the way is destroyed rather than handed back to the pool. While checked out,
 * the connection's own 'error' event (the server went away between two statements) is caught here: the
 * statement in flight rejects, which is how the caller hears about it.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const noteBroken = (error: Error) => {
    broken = error;
  };
  client.on('error', noteBroken);
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.off('error', noteBroken);
    client.release(broken);
  }
}

/**
 * Keys of the advisory locks the store takes, as (`TIERLINE_LOCK_SPACE`, key) pairs so that they cannot
 * collide with locks another application takes on the same database.
 */
export const TIERLINE_LOCK_SPACE = 0x7469_6572; // "tier"
export const ADVISORY_LOCK = {
  /** Held while migrations run: one process migrates, the others wait and then find nothing to do. */
  migrations: 1,
  /** Held around first-start work (seeding, the first chair's invite): once per database, not per process. */
  firstStart: 2,
  /** Serializes changes to who is chair, so that two demotions at once cannot leave no chair (H8). */
  chairs: 3,
} as const;
