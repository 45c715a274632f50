import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AssessmentFile } from '../../src/core/assessment.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { draftFromVersion, suggestNextVersionLabel } from '../../src/core/draft-from-version.ts';
import { formatProblem } from '../../src/core/problems.ts';
import type { Standard } from '../../src/core/standard.ts';
import { validateAssessments } from '../../src/core/validate-assessments.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import { loadDocumentFile, loadVersionsFromDir } from '../files/document-files.ts';
import type { EpochMs, Store } from '../store/store.ts';
import { versionRecordOf } from '../store/version-record.ts';
import { createDraftWithContent } from '../versions/draft-creation.ts';
import { publicationTimesInOrder } from '../versions/publication-time.ts';

/**
 * First-start seeding (P1): every version in `standards/` becomes an immutable version record, each
 * standard gets one live draft started from its newest version, and every assessment file is stored.
 * Everything is read and validated before anything is written: a bad file refuses the whole seed.
 */

export interface SeedPlan {
  /** Versions in an order where each one's `basedOn` comes first. */
  readonly versions: Standard[];
  readonly drafts: { readonly id: string; readonly title: string; readonly draft: Standard }[];
  readonly assessments: { readonly standardId: string; readonly cycle: string; readonly json: string }[];
}

export class SeedRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(`the standards folder cannot be seeded:\n${problems.join('\n')}`);
  }
}

/** Reads `standards/<id>/*.json` and `standards/<id>/assessments/*.json`; throws SeedRefusedError with every problem. */
export function planSeed(standardsDir: string): SeedPlan {
  const problems: string[] = [];
  const versions: Standard[] = [];
  const drafts: SeedPlan['drafts'][number][] = [];
  const assessments: SeedPlan['assessments'][number][] = [];

  for (const entry of readdirSync(standardsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'schema') continue;
    const folder = join(standardsDir, entry.name);
    const loaded = loadVersionsFromDir(folder, entry.name);
    for (const failure of loaded.failures)
      problems.push(...failure.problems.map((p) => `${failure.file}: ${formatProblem(p)}`));
    const ordered = inBasedOnOrder([...loaded.versions.values()]);
    for (const standard of ordered) {
      // A basedOn missing from the folder is a problem of the file (H6), reported by the check itself.
      const basedOn = standard.basedOn === null ? undefined : (loaded.versions.get(standard.basedOn) ?? null);
      const file = join(folder, `${standard.version}.json`);
      problems.push(...validateStandard(standard, basedOn).map((p) => `${file}: ${formatProblem(p)}`));
    }
    versions.push(...ordered);
    const newest = ordered.at(-1);
    if (newest) {
      const label = suggestNextVersionLabel(newest.version, [...loaded.versions.keys()]);
      drafts.push({
        id: `${entry.name}-draft`,
        title: `${newest.title} — draft ${label}`,
        draft: draftFromVersion(newest, label),
      });
    }
    for (const file of assessmentFiles(folder)) {
      const outcome = loadDocumentFile(file);
      if (!outcome.ok) {
        problems.push(...outcome.problems.map((p) => `${file}: ${formatProblem(p)}`));
        continue;
      }
      if (outcome.document.kind !== 'assessments') {
        problems.push(`${file}: expected an assessment file`);
        continue;
      }
      const cohort: AssessmentFile = outcome.document.assessments;
      const recordedAgainst = loaded.versions.get(cohort.version);
      if (!recordedAgainst || cohort.standard !== entry.name) {
        problems.push(`${file}: version: ${cohort.standard} ${cohort.version} is not in ${folder}`);
        continue;
      }
      problems.push(
        ...validateAssessments(cohort, recordedAgainst).map((p) => `${file}: ${formatProblem(p)}`),
      );
      assessments.push({ standardId: cohort.standard, cycle: cohort.cycle, json: toCanonicalJson(cohort) });
    }
  }
  if (problems.length > 0) throw new SeedRefusedError(problems);
  return { versions, drafts, assessments };
}

/**
 * Writes a validated plan into an empty store. Seeded versions and drafts are authored by `import`; each
 * version is dated when it was really published (its file's `effective.from`, see
 * `publicationTimesInOrder`), the drafts `now`.
 */
export async function applySeed(store: Store, plan: SeedPlan, now: EpochMs): Promise<void> {
  const times = publicationTimesInOrder(plan.versions, now);
  // One after another: versions keep their basedOn order in the store's publication order.
  for (const [index, standard] of plan.versions.entries()) {
    await store.versions.publishVersion(versionRecordOf(standard, 'import', times[index] ?? now));
  }
  for (const { id, title, draft } of plan.drafts) {
    await createDraftWithContent(
      store,
      { id, standardId: draft.id, title, basedOn: draft.basedOn, createdBy: 'import', createdAt: now },
      draft,
    );
  }
  for (const file of plan.assessments) await store.assessments.putAssessmentFile(file);
}

/** True when the store holds nothing yet: the first start on a data directory. */
export async function isEmptyStore(store: Store): Promise<boolean> {
  const [standards, drafts] = await Promise.all([store.versions.listStandards(), store.drafts.listDrafts()]);
  return standards.length === 0 && drafts.length === 0;
}

function assessmentFiles(folder: string): string[] {
  try {
    return readdirSync(join(folder, 'assessments'))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(folder, 'assessments', name));
  } catch {
    return [];
  }
}

/** Orders versions so each comes after the one it is based on; unrelated roots keep label order. */
function inBasedOnOrder(versions: Standard[]): Standard[] {
  const byLabel = new Map(versions.map((standard) => [standard.version, standard]));
  const depth = (standard: Standard, seen = new Set<string>()): number => {
    if (standard.basedOn === null || seen.has(standard.version)) return 0;
    seen.add(standard.version);
    const parent = byLabel.get(standard.basedOn);
    return parent ? 1 + depth(parent, seen) : 0;
  };
  return [...versions].sort(
    (a, b) => depth(a) - depth(b) || a.version.localeCompare(b.version, 'en', { numeric: true }),
  );
}
