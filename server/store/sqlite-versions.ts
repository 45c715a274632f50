import type Database from 'better-sqlite3';
import type { PublishedVersion, StandardSummary, VersionStore, VersionSummary } from './store.ts';
import { VersionExistsError } from './store-errors.ts';
import { assertVersionChecksum } from './store-checks.ts';
import { sqliteErrorCode } from './sqlite-values.ts';
import type { Synchronous } from './synchronous-records.ts';

const SUMMARY_COLUMNS =
  'standard_id AS standardId, version, sha256, author, published_at AS publishedAt, status';

/**
 * `VersionStore` on the `versions` table. The table's triggers refuse every UPDATE, DELETE and
 * INSERT OR REPLACE (V1), whoever runs them; this store only ever inserts.
 */
export function sqliteVersionStore(db: Database.Database): Synchronous<VersionStore> {
  const insert = db.prepare<[PublishedVersion]>(
    `INSERT INTO versions (standard_id, version, json, sha256, author, published_at, status)
     VALUES (@standardId, @version, @json, @sha256, @author, @publishedAt, @status)`,
  );
  const selectOne = db.prepare<[string, string], PublishedVersion>(
    `SELECT ${SUMMARY_COLUMNS}, json FROM versions WHERE standard_id = ? AND version = ?`,
  );
  // rowid breaks ties between versions published in the same millisecond: the order they were stored.
  const selectSummaries = db.prepare<{ standardId: string | null }, VersionSummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM versions
     WHERE @standardId IS NULL OR standard_id = @standardId
     ORDER BY published_at, rowid`,
  );
  const selectStandards = db.prepare<[], StandardSummary>(
    `SELECT standardId, versionCount, latestVersion, latestPublishedAt FROM (
       SELECT standard_id AS standardId, version AS latestVersion, published_at AS latestPublishedAt,
              count(*) OVER (PARTITION BY standard_id) AS versionCount,
              row_number() OVER (PARTITION BY standard_id ORDER BY published_at DESC, rowid DESC) AS recency
       FROM versions)
     WHERE recency = 1
     ORDER BY standardId`,
  );

  return {
    publishVersion(version) {
      assertVersionChecksum(version);
      const { standardId, version: label, json, sha256, author, publishedAt, status } = version;
      try {
        insert.run({ standardId, version: label, json, sha256, author, publishedAt, status });
      } catch (error) {
        // The replace-refusing trigger fires before the primary key is checked; either means "exists".
        const code = sqliteErrorCode(error);
        if (code === 'SQLITE_CONSTRAINT_TRIGGER' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw new VersionExistsError(standardId, label);
        }
        throw error;
      }
    },
    getVersion: (standardId, version) => selectOne.get(standardId, version),
    listVersions: (standardId) => selectSummaries.all({ standardId: standardId ?? null }),
    listStandards: () => selectStandards.all(),
  };
}
