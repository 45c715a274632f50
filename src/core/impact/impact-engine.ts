import type { AssessmentFile } from '../assessment.ts';
import { type CompiledStandard, compileStandard, minPointsFor } from '../compile-standard.ts';
import { type TranslationPlan, applyTranslation, planTranslation } from '../lineage.ts';
import { type Checked, type Problem, ok, refused } from '../problems.ts';
import { checkRecordedResponses } from '../responses.ts';
import {
  type CohortApplicant,
  type CohortScores,
  type ScoreResult,
  encodeCohort,
  scoreEncodedCohort,
  scoreResultAt,
  tierRulesHeld,
} from '../score.ts';
import type { Standard } from '../standard.ts';
import {
  type EncodedSide,
  ChangeScorer,
  type RankedScores,
  attributeChanges,
  rankScores,
} from './attribution.ts';
import { changeBase, diffForImpact } from './draft-changes.ts';
import { type CohortMember, type DraftTranslation, translateToDraft } from './draft-translation.ts';
import { encodingKey, scoringKey, structureKey, translationKey } from './fingerprints.ts';
import {
  type CohortRef,
  type ImpactPreview,
  type ImpactRow,
  type Movement,
  type NearMissBand,
  type ScoreHistogram,
  histogramCounts,
  migrationMatrix,
} from './impact-preview.ts';
import { type NearMissSide, nearMissBands } from './near-miss.ts';
import {
  INELIGIBLE_RANK,
  NOT_CERTIFIED_RANK,
  type TierScale,
  movementOf,
  tierScaleOf,
} from '../tier-scale.ts';
import { tierOrderProblems } from '../validate-standard.ts';
import type { CutoffInputs } from '../analysis/cutoff-solver.ts';

/**
 * The impact engine (I1–I4): built once per (baseline version, cohorts), then asked for a preview of the
 * draft on every edit. Work is cached by what each step reads (see `fingerprints.ts`):
 *
 * - at creation: every cohort translated to the baseline (L1–L4), compiled, encoded and scored once;
 * - per draft structure (criteria ids, lineage, checklist items, `basedOn`): the cohorts translated to the
 *   draft — a points, core, prerequisite or threshold edit never re-translates;
 * - per draft encoding (plus each checklist's `minMet`): the draft's encoded cohort and the attribution
 *   variants' shared encoding;
 * - per draft compilation: a threshold-only edit patches the tier cut-offs of the previous compilation
 *   instead of compiling again, and only that threshold's attribution variant is scored anew.
 *
 * Pure: no IO, no timers. Not safe to share across threads; one engine per panel.
 */
export interface ImpactEngine {
  readonly baseline: Standard;
  /** Applicants across all cohorts, in cohort order then file order. */
  readonly applicantCount: number;
  /** What the engine has done so far, to check that caches hold (e.g. no re-translation on a threshold edit). */
  readonly stats: Readonly<ImpactEngineStats>;
  /**
   * Scores every applicant under the baseline and `draft` and compares them (I1–I3). Refused when `draft`
   * is another standard or some cohort's answers have no lineage path to it (L1).
   */
  preview(draft: Standard, options?: PreviewOptions): Checked<ImpactPreview>;
  /**
   * "What if only these": the baseline with only the named changes of `draft` applied (ids as in
   * `ImpactPreview.changes`), scored for every applicant. Any order of `changeIds` gives the same outcomes;
   * all of them give the draft's. Refused for an id the draft does not have.
   */
  scoreChanges(draft: Standard, changeIds: readonly string[]): Checked<ChangeSetOutcome[]>;
  /**
   * What the cut-off solver (A3) needs to try any thresholds on `draft` without scoring again: each
   * applicant's draft points, the tier rules it meets besides the thresholds, and its baseline outcome.
   * Refused as `preview` is.
   */
  cutoffInputs(draft: Standard): Checked<CutoffInputs>;
}

/** One applicant's result under a set of changes (the low end, and the high end of its range). */
export interface ChangeSetOutcome {
  readonly eligible: boolean;
  readonly points: number;
  readonly pointsHigh: number;
  readonly total: number;
  readonly tier: string | null;
  readonly tierHigh: string | null;
}

export interface ImpactEngineOptions {
  /** The published version the draft is compared with. */
  readonly baseline: Standard;
  /** The standard's other versions by label, for translating older cohorts (the baseline may be among them). */
  readonly versions: ReadonlyMap<string, Standard>;
  readonly cohorts: readonly AssessmentFile[];
}

export interface PreviewOptions {
  /** I2's N: points below a cut-off that still count as a near miss. Default 2. */
  readonly nearMissPoints?: number;
  /** Histogram bin width in percent. Default 5. */
  readonly binWidth?: number;
}

export interface ImpactEngineStats {
  /** Applicants translated to the baseline (at creation). */
  baselineTranslations: number;
  /** Times the cohorts were translated to a new draft structure (wholly or for the criteria an edit touched). */
  draftTranslations: number;
  /** Criteria those translations covered: every criterion the first time, then only those edits touched. */
  criteriaTranslated: number;
  /** Times the draft's cohort was encoded. */
  draftEncodings: number;
  /** Full compilations of the draft. */
  draftCompilations: number;
  /** Draft compilations replaced by patching the tier cut-offs (threshold-only edits). */
  thresholdPatches: number;
  /** Attribution variants compiled and scored (variants reused from the previous preview are not counted). */
  variantScorings: number;
}

export const DEFAULT_NEAR_MISS_POINTS = 2;
export const DEFAULT_BIN_WIDTH = 5;

/**
 * Checks the cohorts against the baseline (same standard, a lineage path, responses that fit the version they
 * were recorded against) and translates, compiles, encodes and scores them once. Refused with every problem,
 * located as `cohorts.<i>.…`.
 */
export function createImpactEngine(options: ImpactEngineOptions): Checked<ImpactEngine> {
  const { baseline, cohorts } = options;
  const versions = new Map(options.versions);
  versions.set(baseline.version, baseline);
  const problems: Problem[] = [];
  const plans: TranslationPlan[] = [];
  cohorts.forEach((cohort, c) => {
    if (cohort.standard !== baseline.id) {
      problems.push({
        path: `cohorts.${c}.standard`,
        message: `cohort ${cohort.cycle} is for standard "${cohort.standard}", not "${baseline.id}"`,
      });
      return;
    }
    const plan = planTranslation(cohort.version, baseline, versions);
    if (!plan.ok) {
      problems.push(...plan.problems.map((problem) => ({ ...problem, path: `cohorts.${c}.version` })));
      return;
    }
    plans[c] = plan.value;
    cohort.applicants.forEach((applicant, a) => {
      problems.push(
        ...checkRecordedResponses(
          plan.value.recorded,
          applicant.responses,
          `cohorts.${c}.applicants.${a}.responses`,
        ),
      );
    });
  });
  if (problems.length > 0) return refused(problems);
  return ok(new CachedImpactEngine(baseline, versions, cohorts, plans));
}

interface DraftEncoding {
  readonly key: string;
  readonly side: EncodedSide;
  readonly scorer: ChangeScorer;
}

interface DraftCompilation {
  readonly structure: string;
  readonly scoring: string;
  readonly compiled: CompiledStandard;
}

interface DraftScores {
  readonly key: string;
  readonly compiled: CompiledStandard;
  readonly scores: CohortScores;
  readonly results: readonly ScoreResult[];
}

class CachedImpactEngine implements ImpactEngine {
  readonly baseline: Standard;
  readonly stats: ImpactEngineStats = {
    baselineTranslations: 0,
    draftTranslations: 0,
    criteriaTranslated: 0,
    draftEncodings: 0,
    draftCompilations: 0,
    thresholdPatches: 0,
    variantScorings: 0,
  };
  private readonly versions: ReadonlyMap<string, Standard>;
  private readonly cohorts: readonly AssessmentFile[];
  private readonly cohortRefs: readonly CohortRef[];
  private readonly applicants: readonly CohortMember[];
  private readonly baselineSide: EncodedSide;
  private readonly baselineScores: CohortScores;
  private readonly baselineResults: readonly ScoreResult[];
  private readonly baselineNearMiss = new Map<number, NearMissSide[]>();
  private readonly baselineHistogram = new Map<number, { bins: number[]; ineligible: number }>();

  private translation: (DraftTranslation & { readonly key: string }) | undefined;
  private encoding: DraftEncoding | undefined;
  private compilation: DraftCompilation | undefined;
  private draftScores: DraftScores | undefined;

  constructor(
    baseline: Standard,
    versions: ReadonlyMap<string, Standard>,
    cohorts: readonly AssessmentFile[],
    plans: readonly TranslationPlan[],
  ) {
    this.baseline = baseline;
    this.versions = versions;
    this.cohorts = cohorts;
    const applicants: CohortMember[] = [];
    const translated: CohortApplicant[] = [];
    const refs: CohortRef[] = [];
    cohorts.forEach((cohort, c) => {
      const plan = plans[c];
      const first = applicants.length;
      for (const applicant of cohort.applicants) {
        applicants.push({ cohort: c, applicant });
        translated.push({
          responses: plan ? applyTranslation(plan, applicant.responses) : new Map(),
          population: applicant.population,
        });
      }
      refs.push({
        cycle: cohort.cycle,
        version: cohort.version,
        synthetic: cohort.synthetic,
        first,
        end: applicants.length,
      });
    });
    this.stats.baselineTranslations = applicants.length;
    this.applicants = applicants;
    this.cohortRefs = refs;

    const compiled = compileStandard(baseline);
    const cohort = encodeCohort(compiled, translated);
    this.baselineSide = { standard: baseline, compiled, cohort, applicants: translated };
    this.baselineScores = scoreEncodedCohort(compiled, cohort);
    this.baselineResults = applicants.map((_, a) => scoreResultAt(compiled, cohort, this.baselineScores, a));
  }

  get applicantCount(): number {
    return this.applicants.length;
  }

  preview(draft: Standard, options: PreviewOptions = {}): Checked<ImpactPreview> {
    const near = options.nearMissPoints;
    const within =
      near !== undefined && Number.isFinite(near) ? Math.max(0, Math.floor(near)) : DEFAULT_NEAR_MISS_POINTS;
    const binWidth =
      options.binWidth !== undefined && options.binWidth > 0 ? options.binWidth : DEFAULT_BIN_WIDTH;
    const translation = this.translate(draft);
    if (!translation.ok) return translation;
    const encoding = this.encode(draft, translation.value);
    const draftScores = this.scoreDraft(draft, encoding);

    const changes = diffForImpact(this.baseline, draft);
    const base = changeBase(this.baseline, changes);
    const scorings = encoding.scorer.scorings;
    const variants = changes.map((change) => encoding.scorer.score(base, [change]));
    encoding.scorer.prune();
    this.stats.variantScorings += encoding.scorer.scorings - scorings;

    const scale = tierScaleOf(this.baseline, draft);
    const baselineRanked: RankedScores = rankScores(scale, {
      compiled: this.baselineSide.compiled,
      scores: this.baselineScores,
    });
    const draftRanked: RankedScores = rankScores(scale, draftScores);
    const attribution = attributeChanges(
      baselineRanked,
      draftRanked,
      variants.map((variant) => rankScores(scale, variant)),
    );

    const rows: ImpactRow[] = this.applicants.map(({ cohort, applicant }, index) => {
      const before = this.baselineResults[index]!;
      const after = draftScores.results[index]!;
      const tierSteps = draftRanked.low[index]! - baselineRanked.low[index]!;
      const moved: Movement = movementOf(tierSteps);
      return {
        index,
        cohort,
        applicantId: applicant.id,
        name: applicant.name,
        cycle: this.cohorts[cohort]?.cycle ?? '',
        population: applicant.population,
        baseline: before,
        draft: after,
        deltaPoints: after.points - before.points,
        deltaPercent: after.percent - before.percent,
        tierSteps,
        moved,
        range:
          after.unassessed.length > 0 ? { tierRange: after.tierRange, unassessed: after.unassessed } : null,
        causes: attribution.effects[index] ?? [],
        onlyCombined: attribution.onlyCombined[index] === 1,
      };
    });

    const up = rows.filter((row) => row.moved === 'up').length;
    const down = rows.filter((row) => row.moved === 'down').length;
    return ok({
      baseline: { id: this.baseline.id, title: this.baseline.title, version: this.baseline.version },
      draft: { id: draft.id, title: draft.title, version: draft.version },
      cohorts: this.cohortRefs,
      tiers: scale.ids.map((id) => ({ id, name: scale.names.get(id) ?? id })),
      changes: changes.map((change, c) => ({
        change,
        alone: attribution.reach[c] ?? { up: 0, down: 0, ranged: 0 },
      })),
      matrix: migrationMatrix(
        scale,
        this.baseline.tiers.map((tier) => tier.id),
        draft.tiers.map((tier) => tier.id),
        baselineRanked.low,
        draftRanked.low,
      ),
      rows,
      nearMiss: this.nearMiss(scale, encoding, draftScores, within),
      histogram: this.histogram(scale, draftScores, binWidth),
      summary: {
        applicants: rows.length,
        up,
        down,
        same: rows.length - up - down,
        rangedInDraft: rows.filter((row) => row.draft.tierRange[0] !== row.draft.tierRange[1]).length,
        onlyCombined: rows.filter((row) => row.onlyCombined).length,
      },
    });
  }

  cutoffInputs(draft: Standard): Checked<CutoffInputs> {
    const translation = this.translate(draft);
    if (!translation.ok) return translation;
    const encoding = this.encode(draft, translation.value);
    const { compiled, scores } = this.scoreDraft(draft, encoding);
    const scale = tierScaleOf(this.baseline, draft);
    const baselineRanks = rankScores(scale, {
      compiled: this.baselineSide.compiled,
      scores: this.baselineScores,
    }).low;
    const held = tierRulesHeld(compiled, encoding.side.cohort);
    const tierCount = compiled.tiers.length;
    return ok({
      total: compiled.total,
      tiers: draft.tiers.map((tier, t) => {
        const below = draft.tiers[t - 1];
        return {
          id: tier.id,
          draftHundredths: compiled.tiers[t]?.minPercentHundredths ?? 0,
          rank: scale.rankOf.get(tier.id) ?? NOT_CERTIFIED_RANK,
          // Whether the pair would break F4's order with equal thresholds: then this tier must demand more.
          needsHigherThresholdThanBelow:
            below !== undefined &&
            tierOrderProblems([below, { ...tier, minPercent: below.minPercent }]).length > 0,
        };
      }),
      applicants: this.applicants.map((_, a) => ({
        eligible: scores.eligible[a] === 1,
        points: scores.points[a] ?? 0,
        rulesHeld: Array.from({ length: tierCount }, (_, t) => held[a * tierCount + t] === 1),
        baselineRank: baselineRanks[a] ?? INELIGIBLE_RANK,
      })),
      notCertifiedRank: NOT_CERTIFIED_RANK,
      ineligibleRank: INELIGIBLE_RANK,
    });
  }

  scoreChanges(draft: Standard, changeIds: readonly string[]): Checked<ChangeSetOutcome[]> {
    const translation = this.translate(draft);
    if (!translation.ok) return translation;
    const encoding = this.encode(draft, translation.value);
    const changes = diffForImpact(this.baseline, draft);
    const byId = new Map(changes.map((change) => [change.id, change]));
    const unknown = changeIds.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      const known = changes.map((change) => change.id).join(', ') || 'none';
      return refused([
        { path: '', message: `the draft has no change ${unknown.join(', ')} (its changes: ${known})` },
      ]);
    }
    const applied = changeIds.flatMap((id) => byId.get(id) ?? []);
    const { compiled, scores } = encoding.scorer.score(changeBase(this.baseline, changes), applied);
    const tierId = (index: number) => compiled.tiers[index]?.id ?? null;
    return ok(
      this.applicants.map((_, a) => ({
        eligible: scores.eligible[a] === 1,
        points: scores.points[a]!,
        pointsHigh: scores.pointsHigh[a]!,
        total: compiled.total,
        tier: tierId(scores.tier[a]!),
        tierHigh: tierId(scores.tierHigh[a]!),
      })),
    );
  }

  /**
   * Every cohort's answers in the draft's terms (L1–L4): kept while the draft's structure is unchanged, and
   * after a structural edit re-translated only for the criteria it touched (see `draft-translation.ts`).
   */
  private translate(draft: Standard): Checked<DraftTranslation & { readonly key: string }> {
    if (draft.id !== this.baseline.id) {
      return refused([
        {
          path: 'id',
          message: `the draft is for standard "${draft.id}", the baseline for "${this.baseline.id}"`,
        },
      ]);
    }
    const key = translationKey(draft);
    if (this.translation?.key === key) return ok(this.translation);
    const translated = translateToDraft(
      draft,
      this.cohorts,
      this.applicants,
      this.versions,
      this.translation,
    );
    if (!translated.ok) return translated;
    this.stats.draftTranslations++;
    this.stats.criteriaTranslated += translated.value.criteriaTranslated;
    this.translation = { ...translated.value, key };
    return ok(this.translation);
  }

  private encode(draft: Standard, translation: DraftTranslation): DraftEncoding {
    const key = encodingKey(draft);
    if (this.encoding?.key === key) return this.encoding;
    const compiled = this.compile(draft);
    const side: EncodedSide = {
      standard: draft,
      compiled,
      cohort: encodeCohort(compiled, translation.applicants),
      applicants: translation.applicants,
    };
    this.stats.draftEncodings++;
    this.encoding = { key, side, scorer: new ChangeScorer(this.baselineSide, side) };
    return this.encoding;
  }

  /** Compiles the draft; a threshold-only edit reuses the previous compilation with new tier cut-offs. */
  private compile(draft: Standard): CompiledStandard {
    const structure = structureKey(draft);
    const scoring = scoringKey(draft);
    const previous = this.compilation;
    if (previous?.scoring === scoring) return previous.compiled;
    let compiled: CompiledStandard;
    if (previous?.structure === structure) {
      compiled = withThresholds(previous.compiled, draft);
      this.stats.thresholdPatches++;
    } else {
      compiled = compileStandard(draft);
      this.stats.draftCompilations++;
    }
    this.compilation = { structure, scoring, compiled };
    return compiled;
  }

  private scoreDraft(draft: Standard, encoding: DraftEncoding): DraftScores {
    const compiled = this.compile(draft);
    const key = `${encoding.key}#${this.compilation?.scoring ?? ''}`;
    if (this.draftScores?.key === key) return this.draftScores;
    const cohort = encoding.side.cohort;
    const scores = scoreEncodedCohort(compiled, cohort);
    const results = this.applicants.map((_, a) => scoreResultAt(compiled, cohort, scores, a));
    this.draftScores = { key, compiled, scores, results };
    return this.draftScores;
  }

  private nearMiss(
    scale: TierScale,
    encoding: DraftEncoding,
    draftScores: DraftScores,
    within: number,
  ): NearMissBand {
    let before = this.baselineNearMiss.get(within);
    if (!before) {
      before = nearMissBands(
        this.baselineSide.compiled,
        this.baselineSide.cohort,
        this.baselineScores,
        within,
      );
      this.baselineNearMiss.set(within, before);
    }
    const after = nearMissBands(draftScores.compiled, encoding.side.cohort, draftScores.scores, within);
    const sideOf = (compiled: CompiledStandard, bands: NearMissSide[], tier: string) => {
      const index = compiled.tiers.findIndex((candidate) => candidate.id === tier);
      return index < 0 ? null : (bands[index] ?? null);
    };
    return {
      within,
      tiers: scale.ids.map((tier) => ({
        tier,
        name: scale.names.get(tier) ?? tier,
        baseline: sideOf(this.baselineSide.compiled, before, tier),
        draft: sideOf(draftScores.compiled, after, tier),
      })),
    };
  }

  private histogram(scale: TierScale, draftScores: DraftScores, binWidth: number): ScoreHistogram {
    let before = this.baselineHistogram.get(binWidth);
    if (!before) {
      before = histogramCounts(this.baselineSide.compiled, this.baselineScores, binWidth);
      this.baselineHistogram.set(binWidth, before);
    }
    const after = histogramCounts(draftScores.compiled, draftScores.scores, binWidth);
    const cutoff = (compiled: CompiledStandard, tier: string) => {
      const found = compiled.tiers.find((candidate) => candidate.id === tier);
      return found ? found.minPercentHundredths / 100 : null;
    };
    return {
      binWidth,
      bins: before.bins.map((count, bin) => ({
        from: bin * binWidth,
        to: Math.min(100, (bin + 1) * binWidth),
        baseline: count,
        draft: after.bins[bin] ?? 0,
      })),
      cutoffs: scale.ids.map((tier) => ({
        tier,
        name: scale.names.get(tier) ?? tier,
        baseline: cutoff(this.baselineSide.compiled, tier),
        draft: cutoff(draftScores.compiled, tier),
      })),
      ineligible: { baseline: before.ineligible, draft: after.ineligible },
    };
  }
}

/**
 * `compiled` with the tier cut-offs of `standard`, whose structure (`structureKey`) is the same: only
 * `minPercentHundredths` and `minPoints` depend on `minPercent`, so this equals `compileStandard(standard)`.
 */
export function withThresholds(compiled: CompiledStandard, standard: Standard): CompiledStandard {
  return {
    ...compiled,
    tiers: compiled.tiers.map((tier, index) => {
      const minPercentHundredths = Math.round((standard.tiers[index]?.minPercent ?? 0) * 100);
      return { ...tier, minPercentHundredths, minPoints: minPointsFor(minPercentHundredths, compiled.total) };
    }),
  };
}
