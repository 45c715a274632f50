import { type AssessmentFile, parseAssessments } from '../../core/assessment.ts';
import { type ImpactEngine, createImpactEngine } from '../../core/impact/impact-engine.ts';
import { planTranslation } from '../../core/lineage.ts';
import { type Checked, formatProblem } from '../../core/problems.ts';
import { type Standard, parseStandard } from '../../core/standard.ts';
import { request } from '../shell/api-client.ts';
import type { ScoringInputs } from './scoring-worker.ts';

/**
 * What the impact preview scores against, fetched once per standard: every version (the baseline, and the
 * older ones cohorts are translated through, L1) and every cohort. Engines are built in the browser and kept
 * per (baseline, cohorts), so switching back to an earlier choice costs nothing.
 */

/** A version of the standard, as the preview uses it. */
export interface VersionSource {
  readonly version: string;
  readonly status: string;
  readonly standard: Standard;
}

/** A cohort of past applicants. */
export interface CohortSource {
  readonly cycle: string;
  /** The version its answers were recorded against. */
  readonly version: string;
  readonly applicants: number;
  readonly synthetic: boolean;
  readonly file: AssessmentFile;
}

export interface ImpactSources {
  readonly standardId: string;
  /** In the order they were published, oldest first. */
  readonly versions: readonly VersionSource[];
  /** By cycle. */
  readonly cohorts: readonly CohortSource[];
}

interface VersionListing {
  readonly version: string;
  readonly status: string;
}

const loaded = new Map<string, Promise<ImpactSources>>();

/** The versions and cohorts of `standardId`, fetched on first use (a failed fetch is retried next time). */
export function loadImpactSources(standardId: string): Promise<ImpactSources> {
  let pending = loaded.get(standardId);
  if (!pending) {
    pending = fetchSources(standardId);
    pending.catch(() => loaded.delete(standardId));
    loaded.set(standardId, pending);
  }
  return pending;
}

/** Drops what was fetched for `standardId` (after a cohort import), so the next load sees the change. */
export function forgetImpactSources(standardId: string): void {
  loaded.delete(standardId);
}

async function fetchSources(standardId: string): Promise<ImpactSources> {
  const id = encodeURIComponent(standardId);
  const [listing, files] = await Promise.all([
    request<VersionListing[]>('GET', `/api/standards/${id}/versions`),
    request<{ standard: string; cycle: string }[]>('GET', '/api/assessments'),
  ]);
  const versions = await Promise.all(
    listing.map(async ({ version, status }) => {
      const raw = await request<unknown>(
        'GET',
        `/api/standards/${id}/versions/${encodeURIComponent(version)}`,
      );
      return { version, status, standard: expectValid(parseStandard(raw), `${standardId} ${version}`) };
    }),
  );
  const cohorts = await Promise.all(
    files
      .filter((file) => file.standard === standardId)
      .map(async ({ cycle }) => {
        const raw = await request<unknown>('GET', `/api/assessments/${id}/${encodeURIComponent(cycle)}`);
        const file = expectValid(parseAssessments(raw), `cohort ${cycle}`);
        return {
          cycle,
          version: file.version,
          applicants: file.applicants.length,
          synthetic: file.synthetic,
          file,
        };
      }),
  );
  return { standardId, versions, cohorts };
}

/** The server validated what it stores; a failure here is a server bug worth saying plainly. */
function expectValid<T>(checked: Checked<T>, what: string): T {
  if (checked.ok) return checked.value;
  throw new Error(
    `${what} as stored on the server is not valid: ${checked.problems.map(formatProblem).join('; ')}`,
  );
}

/** The default baseline (I1): the newest published version, or the newest version when none is published. */
export function defaultBaseline(sources: ImpactSources): string | undefined {
  const published = sources.versions.filter((version) => version.status === 'published');
  return (published.at(-1) ?? sources.versions.at(-1))?.version;
}

/**
 * For each cohort, why its answers cannot be carried to `baseline` (no `basedOn` path, L1), or null when they
 * can. Such a cohort cannot be previewed against that baseline.
 */
export function cohortReach(sources: ImpactSources, baseline: Standard): Map<string, string | null> {
  const versions = versionMap(sources);
  return new Map(
    sources.cohorts.map((cohort) => {
      const plan = planTranslation(cohort.version, baseline, versions);
      return [cohort.cycle, plan.ok ? null : plan.problems.map((problem) => problem.message).join('; ')];
    }),
  );
}

const engines = new WeakMap<ImpactSources, Map<string, Checked<ImpactEngine>>>();

/**
 * The impact engine for `baseline` and the cohorts of `cycles` (in the sources' order), created on first use
 * and kept while `sources` is. Undefined when the sources have no such version.
 */
export function engineFor(
  sources: ImpactSources,
  baseline: string,
  cycles: readonly string[],
): Checked<ImpactEngine> | undefined {
  const inputs = scoringInputs(sources, baseline, cycles);
  if (!inputs) return undefined;
  const key = `${baseline}\u0000${cycles.join('\u0000')}`;
  let cache = engines.get(sources);
  if (!cache) {
    cache = new Map();
    engines.set(sources, cache);
  }
  let engine = cache.get(key);
  if (!engine) {
    engine = createImpactEngine(inputs);
    cache.set(key, engine);
  }
  return engine;
}

/**
 * What an engine for `baseline` and the cohorts of `cycles` (in the sources' order) is built from, here or in
 * the scoring worker. Undefined when the sources have no such version.
 */
export function scoringInputs(
  sources: ImpactSources,
  baseline: string,
  cycles: readonly string[],
): ScoringInputs | undefined {
  const standard = sources.versions.find((version) => version.version === baseline)?.standard;
  if (!standard) return undefined;
  return {
    baseline: standard,
    versions: versionMap(sources),
    cohorts: sources.cohorts.filter((cohort) => cycles.includes(cohort.cycle)).map((cohort) => cohort.file),
  };
}

function versionMap(sources: ImpactSources): Map<string, Standard> {
  return new Map(sources.versions.map((version) => [version.version, version.standard]));
}
