import type pg from 'pg';
import type { PublishedVersion, StandardSummary, VersionStore, VersionSummary } from './store.ts';
import { VersionExistsError } from './store-errors.ts';
import { assertVersionChecksum } from './store-checks.ts';
import { SQLSTATE, postgresErrorCode } from './postgres-database.ts';

const SUMMARY_COLUMNS =
  'standard_id AS "standardId", version, sha256, author, published_at AS "publishedAt", status';

/**
 * `VersionStore` on the `versions` table. The table's triggers (migration 002) refuse every UPDATE, DELETE
 * and TRUNCATE (V1), whoever runs them; this store only ever inserts.
 */
export function postgresVersionStore(pool: pg.Pool): VersionStore {
  return {
    async publishVersion(version) {
      assertVersionChecksum(version);
      const { standardId, version: label, json, sha256, author, publishedAt, status } = version;
      try {
        await pool.query(
          `INSERT INTO versions (standard_id, version, json, sha256, author, published_at, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [standardId, label, json, sha256, author, publishedAt, status],
        );
      } catch (error) {
        if (postgresErrorCode(error) === SQLSTATE.uniqueViolation)
          throw new VersionExistsError(standardId, label);
        throw error;
      }
    },
    async getVersion(standardId, version) {
      const { rows } = await pool.query<PublishedVersion>(
        `SELECT ${SUMMARY_COLUMNS}, json FROM versions WHERE standard_id = $1 AND version = $2`,
        [standardId, version],
      );
      return rows[0];
    },
    async listVersions(standardId) {
      const { rows } = await pool.query<VersionSummary>(
        `SELECT ${SUMMARY_COLUMNS} FROM versions
         WHERE $1::text IS NULL OR standard_id = $1
         ORDER BY published_at, stored_order`,
        [standardId ?? null],
      );
      return rows;
    },
    async listStandards() {
      const { rows } = await pool.query<StandardSummary>(
        `SELECT "standardId", "versionCount", "latestVersion", "latestPublishedAt" FROM (
           SELECT standard_id AS "standardId", version AS "latestVersion", published_at AS "latestPublishedAt",
                  count(*) OVER (PARTITION BY standard_id) AS "versionCount",
                  row_number() OVER (PARTITION BY standard_id ORDER BY published_at DESC, stored_order DESC)
                    AS recency
           FROM versions) AS ranked
         WHERE recency = 1
         ORDER BY "standardId"`,
      );
      return rows;
    },
  };
}
