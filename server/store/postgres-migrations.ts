import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { projectRoot } from '../project-root.ts';
import { ADVISORY_LOCK, TIERLINE_LOCK_SPACE, inTransaction } from './postgres-database.ts';
import { NewerDatabaseError } from './store-errors.ts';

/**
 * The PostgreSQL schema as numbered SQL files, `server/store/postgres-migrations/NNN_name.sql`, numbered
 * from 001 with no gaps. They are read from the source tree (found through `projectRoot`), so the compiled
 * build in `dist-server/` runs the very files in the checkout; tsc does not copy `.sql` files.
 */
export const POSTGRES_MIGRATIONS_DIR = join(projectRoot, 'server', 'store', 'postgres-migrations');

/** One migration file. */
export interface PostgresMigration {
  readonly version: number;
  /** The file name, e.g. `001_initial.sql`. */
  readonly name: string;
  readonly sql: string;
}

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** Reads the migrations in order; throws when a file is misnamed or a number is missing or repeated. */
export function readPostgresMigrations(dir: string = POSTGRES_MIGRATIONS_DIR): PostgresMigration[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  return names.map((name, index) => {
    const number = MIGRATION_FILE.exec(name)?.[1];
    if (number === undefined) {
      throw new Error(`${join(dir, name)}: a migration file is named NNN_lower_case_words.sql`);
    }
    if (Number(number) !== index + 1) {
      throw new Error(
        `${join(dir, name)}: expected migration ${index + 1} here (numbered from 001, no gaps)`,
      );
    }
    return { version: index + 1, name, sql: readFileSync(join(dir, name), 'utf8') };
  });
}

/**
 * Brings the database up to the newest migration and returns the names of those it applied (none when it
 * was current). Everything runs in one transaction under an advisory lock: two processes starting at once
 * on an empty database do not both migrate (the second waits, then finds nothing to do), and a failing
 * migration leaves the database as it was. Each applied migration is recorded in `schema_migrations`.
 * Throws `NewerDatabaseError` for a database that a newer Tierline migrated further.
 */
export async function migratePostgres(
  pool: pg.Pool,
  databaseName: string,
  migrations: readonly PostgresMigration[] = readPostgresMigrations(),
): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [
      TIERLINE_LOCK_SPACE,
      ADVISORY_LOCK.migrations,
    ]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const applied = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(applied.rows.map((row) => row.version));
    const newest = Math.max(0, ...done);
    if (newest > migrations.length) throw new NewerDatabaseError(databaseName, newest, migrations.length);
    const names: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      try {
        await client.query(migration.sql);
      } catch (error) {
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      names.push(migration.name);
    }
    return names;
  });
}
