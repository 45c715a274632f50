import { CohortImportBody } from '../../src/api/cohorts-contract.ts';
import { type AssessmentFile, parseAssessments } from '../../src/core/assessment.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { cohortFromCsv } from '../../src/core/cohort-csv.ts';
import { type Checked, type Problem, formatProblem, ok, refused } from '../../src/core/problems.ts';
import type { Standard } from '../../src/core/standard.ts';
import { validateAssessments } from '../../src/core/validate-assessments.ts';
import { can } from '../auth/membership.ts';
import { HttpError, type JsonRouter, json, parseBody, requireRole } from '../http/json-routes.ts';
import type { Store } from '../store/store.ts';
import { readStoredVersion } from '../versions/stored-versions.ts';

/**
 * `POST /api/assessments` (issue 7): an editor or chair imports a past cohort for the impact preview, as an
 * assessment file (F5, JSON) or as CSV (`src/core/cohort-csv.ts`). The cohort is checked as fully as a file in
 * `standards/` — schema, then every reference against the version it names — and refused whole with every
 * problem (CSV problems located as `row 4, column DM2`); nothing is stored on refusal (F6).
 *
 * Body, JSON either way (the file's text travels as a string so its own syntax errors can be reported):
 * - `{ format: "json", text, standard? }` — the file names its standard, version and cycle; `standard`, when
 *   given, must match (the standard the importer is looking at).
 * - `{ format: "csv", text, standard, version, cycle, synthetic? }`.
 *
 * 201 `{ standard, version, cycle, applicants }`; 422 with `problems`; 404 for an unknown standard or version;
 * 409 when the standard already has a cohort of that cycle (cohorts are never silently replaced). The body's
 * schema is shared with the browser: src/api/cohorts-contract.ts.
 */
export function cohortRoutes(router: JsonRouter, deps: { readonly store: Store }): JsonRouter {
  const { store } = deps;

  const versionOf = async (standardId: string, version: string): Promise<Standard> => {
    const standard = await readStoredVersion(store.versions, standardId, version);
    if (!standard) {
      const known = (await store.versions.listVersions(standardId)).map((summary) => summary.version);
      throw new HttpError(
        404,
        known.length === 0
          ? `no standard ${standardId}`
          : `no version ${version} of ${standardId}; its versions are ${known.join(', ')}`,
      );
    }
    return standard;
  };

  const readCohort = async (body: CohortImportBody): Promise<Checked<AssessmentFile>> => {
    if (body.format === 'csv') {
      return cohortFromCsv(body.text, {
        version: await versionOf(body.standard, body.version),
        cycle: body.cycle,
        synthetic: body.synthetic ?? false,
      });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body.text);
    } catch (error) {
      return refused([
        { path: '', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` },
      ]);
    }
    const parsed = parseAssessments(raw);
    if (!parsed.ok) return parsed;
    const file = parsed.value;
    if (body.standard !== undefined && file.standard !== body.standard) {
      return refused([
        {
          path: 'standard',
          message: `this file is for standard "${file.standard}", but you are importing into "${body.standard}"`,
        },
      ]);
    }
    const problems: Problem[] = validateAssessments(file, await versionOf(file.standard, file.version));
    return problems.length > 0 ? refused(problems) : ok(file);
  };

  return router.on('POST', '/api/assessments', async (context) => {
    requireRole(context, can.edit, 'import cohorts');
    const body = parseBody(CohortImportBody, await context.body());
    const cohort = await readCohort(body);
    if (!cohort.ok) {
      throw new HttpError(
        422,
        'the cohort was not imported; fix these problems and try again',
        cohort.problems.map(formatProblem),
      );
    }
    const file = cohort.value;
    if (await store.assessments.getAssessmentFile(file.standard, file.cycle)) {
      throw new HttpError(
        409,
        `${file.standard} already has a cohort for cycle ${file.cycle}; import it under another cycle name`,
      );
    }
    await store.assessments.putAssessmentFile({
      standardId: file.standard,
      cycle: file.cycle,
      json: toCanonicalJson(file),
    });
    return json(201, {
      standard: file.standard,
      version: file.version,
      cycle: file.cycle,
      applicants: file.applicants.length,
    });
  });
}
