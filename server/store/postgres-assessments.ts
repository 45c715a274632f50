import type pg from 'pg';
import type { AssessmentStore, StoredAssessmentFile } from './store.ts';

/** `AssessmentStore` on the `assessment_files` table, keyed by (standard, cycle). */
export function postgresAssessmentStore(pool: pg.Pool): AssessmentStore {
  return {
    async putAssessmentFile({ standardId, cycle, json }) {
      await pool.query(
        `INSERT INTO assessment_files (standard_id, cycle, json) VALUES ($1, $2, $3)
         ON CONFLICT (standard_id, cycle) DO UPDATE SET json = excluded.json`,
        [standardId, cycle, json],
      );
    },
    async getAssessmentFile(standardId, cycle) {
      const { rows } = await pool.query<StoredAssessmentFile>(
        'SELECT standard_id AS "standardId", cycle, json FROM assessment_files WHERE standard_id = $1 AND cycle = $2',
        [standardId, cycle],
      );
      return rows[0];
    },
    async listAssessmentFiles(standardId) {
      const { rows } = await pool.query<Omit<StoredAssessmentFile, 'json'>>(
        `SELECT standard_id AS "standardId", cycle FROM assessment_files
         WHERE $1::text IS NULL OR standard_id = $1
         ORDER BY standard_id, cycle`,
        [standardId ?? null],
      );
      return rows;
    },
  };
}
