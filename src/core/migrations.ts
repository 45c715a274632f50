import { type Checked, ok, refused } from './problems.ts';

/**
 * A migration takes a raw document at schema version `n` and returns it at `n + 1`.
 * Migrations work on plain JSON values: they run before validation.
 */
export type Migration = (document: Record<string, unknown>) => Record<string, unknown>;

/**
 * A document kind's migration chain: `migrations[0]` upgrades schemaVersion 1 to 2, and so on,
 * so the current version is always `migrations.length + 1` and the chain has no gaps.
 */
export interface MigrationChain {
  readonly kind: string;
  readonly migrations: readonly Migration[];
}

export const currentVersionOf = (chain: MigrationChain): number => chain.migrations.length + 1;

/**
 * Brings a raw JSON document up to the chain's current schema version.
 * Refuses documents that are not objects, lack an integer `schemaVersion`, or come from a newer Tierline.
 */
export function migrateToCurrent(chain: MigrationChain, raw: unknown): Checked<Record<string, unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refused([{ path: '', message: `expected a ${chain.kind} JSON object` }]);
  }
  let document = raw as Record<string, unknown>;
  const version = document['schemaVersion'];
  const current = currentVersionOf(chain);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refused([{ path: 'schemaVersion', message: 'expected an integer schema version, starting at 1' }]);
  }
  if (version > current) {
    return refused([
      {
        path: 'schemaVersion',
        message: `schema version ${version} is newer than this Tierline understands (${current}); upgrade Tierline`,
      },
    ]);
  }
  for (let from = version; from < current; from++) {
    const migration = chain.migrations[from - 1];
    if (!migration) throw new Error(`${chain.kind} migration ${from} → ${from + 1} is missing`);
    document = { ...migration(document), schemaVersion: from + 1 };
  }
  return ok(document);
}
