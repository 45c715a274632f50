import type Database from 'better-sqlite3';
import type { AssessmentStore, StoredAssessmentFile } from './store.ts';
import type { Synchronous } from './synchronous-records.ts';

/** `AssessmentStore` on the `assessment_files` table, keyed by (standard, cycle). */
export function sqliteAssessmentStore(db: Database.Database): Synchronous<AssessmentStore> {
  const upsert = db.prepare<[StoredAssessmentFile]>(
    `INSERT INTO assessment_files (standard_id, cycle, json) VALUES (@standardId, @cycle, @json)
     ON CONFLICT (standard_id, cycle) DO UPDATE SET json = excluded.json`,
  );
  const selectOne = db.prepare<[string, string], StoredAssessmentFile>(
    'SELECT standard_id AS standardId, cycle, json FROM assessment_files WHERE standard_id = ? AND cycle = ?',
  );
  const selectKeys = db.prepare<{ standardId: string | null }, Omit<StoredAssessmentFile, 'json'>>(
    `SELECT standard_id AS standardId, cycle FROM assessment_files
     WHERE @standardId IS NULL OR standard_id = @standardId
     ORDER BY standard_id, cycle`,
  );

  return {
    putAssessmentFile({ standardId, cycle, json }) {
      upsert.run({ standardId, cycle, json });
    },
    getAssessmentFile: (standardId, cycle) => selectOne.get(standardId, cycle),
    listAssessmentFiles: (standardId) => selectKeys.all({ standardId: standardId ?? null }),
  };
}
