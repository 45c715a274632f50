import { describe, expect, it } from 'vitest';
import { compileStandard } from '../../../src/core/compile-standard.ts';
import { applyDraftChanges, changeBase, diffForImpact } from '../../../src/core/impact/draft-changes.ts';
import { createImpactEngine, withThresholds } from '../../../src/core/impact/impact-engine.ts';
import {
  causesOf,
  previewOf,
  tinyCohort,
  tinyDraft,
  tinyEngine,
  tinyV1,
  withCriterion,
  withTier,
} from './tiny-standard.ts';

// Applicant indexes in tinyCohort: 0 ann, 1 ben, 2 cat, 3 dan (ineligible), 4 eve, 5 fay, 6 gus.
const goldTo75 = tinyDraft((draft) => ({ tiers: withTier(draft, 'gold', { minPercent: 75 }) }));

const row = (preview: ReturnType<typeof previewOf>, id: string) => {
  const found = preview.rows.find((candidate) => candidate.applicantId === id);
  if (!found) throw new Error(`no applicant ${id}`);
  return found;
};

describe('impact engine', () => {
  it('[I1] migration matrix counts', () => {
    const preview = previewOf(tinyEngine(), goldTo75);
    expect(preview.matrix.rows.map((entry) => entry.label)).toEqual([
      'ineligible',
      'not certified',
      'Silver',
      'Gold',
    ]);
    expect(preview.matrix.columns.map((entry) => entry.key)).toEqual([
      '(ineligible)',
      '(not certified)',
      'silver',
      'gold',
    ]);
    // Ben (7 of 10 points) no longer reaches gold at 75 %; everyone else stays.
    expect(preview.matrix.counts).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 3, 0],
      [0, 0, 1, 1],
    ]);
    expect(preview.matrix.applicants).toEqual([
      [[3], [], [], []],
      [[], [5], [], []],
      [[], [], [2, 4, 6], []],
      [[], [], [1], [0]],
    ]);
    expect(preview.summary).toEqual({
      applicants: 7,
      up: 0,
      down: 1,
      same: 6,
      rangedInDraft: 0,
      onlyCombined: 0,
    });
  });

  it('[I1] a tier added in the draft gets its own column and moves applicants up', () => {
    const draft = tinyDraft((base) => ({
      tiers: [
        { id: 'bronze', name: 'Bronze', minPercent: 30, requireCore: false, requiredCriteria: [] },
        ...base.tiers,
      ],
    }));
    const preview = previewOf(tinyEngine(), draft);
    expect(preview.matrix.columns.map((entry) => entry.label)).toEqual([
      'ineligible',
      'not certified',
      'Bronze',
      'Silver',
      'Gold',
    ]);
    expect(preview.matrix.counts[1]).toEqual([0, 0, 1, 0, 0]);
    expect(row(preview, 'fay')).toMatchObject({ moved: 'up', tierSteps: 1 });
    expect(causesOf(preview, 'fay')).toEqual(['tier Bronze added (30 %): +1 tier']);
  });

  it('[I1] attribution for a single change', () => {
    const preview = previewOf(tinyEngine(), goldTo75);
    expect(preview.changes).toEqual([
      {
        change: {
          kind: 'tier-min-percent',
          id: 'tier:gold:minPercent',
          tier: 'gold',
          label: 'gold threshold 70→75 %',
          from: 70,
          to: 75,
        },
        alone: { up: 0, down: 1, ranged: 0 },
      },
    ]);
    expect(row(preview, 'ben')).toMatchObject({
      moved: 'down',
      tierSteps: -1,
      deltaPoints: 0,
      onlyCombined: false,
    });
    expect(row(preview, 'ben').causes).toEqual([
      {
        change: 0,
        tierSteps: -1,
        tierHighSteps: -1,
        points: 0,
        pointsHigh: 0,
        percent: 0,
        eligible: null,
        summary: '−1 tier',
      },
    ]);
    // An applicant whose result did not change lists no causes.
    expect(row(preview, 'ann').causes).toEqual([]);
  });

  it('[I1] attribution for combined changes (neither alone moves it, together they do)', () => {
    // Gold 75 % alone: Ann's 8 of 10 still reach it. C10 worth 2 alone: 8 of 11 still reach 70 %.
    // Together: 8 of 11 = 72.7 % < 75 %.
    const draft = tinyDraft((base) => ({
      tiers: withTier(base, 'gold', { minPercent: 75 }),
      criteria: withCriterion(base, 'C10', { points: 2 }),
    }));
    const preview = previewOf(tinyEngine(), draft);
    expect(preview.changes.map(({ change, alone }) => [change.label, alone])).toEqual([
      ['gold threshold 70→75 %', { up: 0, down: 1, ranged: 0 }],
      ['C10 points 1→2', { up: 0, down: 2, ranged: 0 }],
    ]);
    expect(row(preview, 'ann')).toMatchObject({ moved: 'down', onlyCombined: true });
    expect(row(preview, 'ann').draft).toMatchObject({ points: 8, total: 11, tier: 'silver' });
    // C10's weight alone only lowers Ann's percent; the threshold alone does nothing to her.
    expect(causesOf(preview, 'ann')).toEqual(['C10 points 1→2: −7.27 %']);
    // Ben is moved by either change alone; Cat (5 of 11 < 50 %) only by the new weight.
    expect(row(preview, 'ben').onlyCombined).toBe(false);
    expect(causesOf(preview, 'ben')).toEqual(['gold threshold 70→75 %: −1 tier', 'C10 points 1→2: −1 tier']);
    expect(causesOf(preview, 'cat')).toEqual(['C10 points 1→2: −1 tier']);
    expect(preview.summary).toMatchObject({ down: 3, onlyCombined: 1 });
  });

  it('[I1] order independence', () => {
    const draft = tinyDraft((base) => ({
      eligibility: { minPopulation: 400 },
      tiers: withTier({ ...base, tiers: withTier(base, 'silver', { requiredCriteria: ['C2'] }) }, 'gold', {
        minPercent: 75,
      }),
      criteria: [
        ...withCriterion(
          {
            ...base,
            criteria: withCriterion({ ...base, criteria: withCriterion(base, 'C10', { points: 2 }) }, 'C9', {
              core: true,
            }),
          },
          'C5',
          { prerequisites: ['C4'] },
        ).filter((criterion) => criterion.id !== 'C8'),
        {
          id: 'C11',
          title: 'Criterion 11',
          statement: '',
          area: 'main',
          points: 2,
          core: false,
          prerequisites: [],
          lineage: { from: [], relation: 'new' },
        },
      ],
    }));
    const engine = tinyEngine();
    const preview = previewOf(engine, draft);
    const ids = preview.changes.map(({ change }) => change.id);
    expect(ids).toEqual([
      'eligibility:minPopulation',
      'tier:silver:requiredCriteria',
      'tier:gold:minPercent',
      'criterion:C5:prerequisites',
      'criterion:C9:core',
      'criterion:C10:points',
      'criterion:C11:added',
      'criterion:C8:removed',
    ]);

    const changes = preview.changes.map(({ change }) => change);
    const base = changeBase(tinyV1, changes);
    const forward = applyDraftChanges(base, changes);
    expect(applyDraftChanges(base, [...changes].reverse())).toEqual(forward);
    expect(
      applyDraftChanges(
        base,
        [5, 2, 7, 0, 3, 6, 1, 4].map((i) => changes[i]!),
      ),
    ).toEqual(forward);

    // Every change together scores exactly like the draft, in any order.
    const draftOutcomes = preview.rows.map(({ draft: result }) => ({
      eligible: result.eligible,
      points: result.points,
      pointsHigh: result.pointsHigh,
      total: result.total,
      tier: result.tierRange[0],
      tierHigh: result.tierRange[1],
    }));
    expect(engine.scoreChanges(draft, ids)).toEqual({ ok: true, value: draftOutcomes });
    expect(engine.scoreChanges(draft, [...ids].reverse())).toEqual({ ok: true, value: draftOutcomes });
    // And no change at all scores like the baseline.
    expect(engine.scoreChanges(draft, [])).toEqual({
      ok: true,
      value: preview.rows.map(({ baseline: result }) => ({
        eligible: result.eligible,
        points: result.points,
        pointsHigh: result.pointsHigh,
        total: result.total,
        tier: result.tierRange[0],
        tierHigh: result.tierRange[1],
      })),
    });
    expect(engine.scoreChanges(draft, ['criterion:C99:points'])).toMatchObject({ ok: false });
  });

  it('[I1] a removed criterion stays readable where the draft still refers to it', () => {
    // C8 removed alone: it earns nothing, but a tier requiring it would still read its answer.
    const changes = diffForImpact(
      tinyV1,
      tinyDraft((base) => ({ criteria: base.criteria.filter((criterion) => criterion.id !== 'C8') })),
    );
    expect(changes.map((change) => change.label)).toEqual(['C8 removed (1 point)']);
    const applied = applyDraftChanges(changeBase(tinyV1, changes), changes);
    expect(applied.criteria.find((criterion) => criterion.id === 'C8')).toMatchObject({
      points: 0,
      core: false,
    });
  });

  it('[S7] ranges where new criteria were never assessed', () => {
    // C11 is new (never asked): 2 points unassessed for everyone. C3's answers are no longer carried.
    const draft = tinyDraft((base) => ({
      criteria: [
        ...withCriterion(base, 'C3', { lineage: { from: [], relation: 'new' } }),
        {
          id: 'C11',
          title: 'Criterion 11',
          statement: '',
          area: 'main',
          points: 2,
          core: false,
          prerequisites: [],
          lineage: { from: [], relation: 'new' },
        },
      ],
    }));
    const preview = previewOf(tinyEngine(), draft);
    expect(preview.changes.map(({ change, alone }) => [change.label, alone])).toEqual([
      // Alone, C3 unknown drops Ben (6 known) to silver and Cat (4 known) below silver.
      ['C3 lineage: new (earlier answers not carried)', { up: 0, down: 2, ranged: 0 }],
      ['C11 added (2 points)', { up: 0, down: 3, ranged: 1 }],
    ]);
    const ann = row(preview, 'ann');
    expect(ann.baseline).toEqual({
      eligible: true,
      points: 8,
      pointsHigh: 8,
      total: 10,
      percent: 80,
      percentHigh: 80,
      tier: 'gold',
      tierRange: ['gold', 'gold'],
      unassessed: [],
    });
    // 7 of 12 known (C3 and C11 open): silver; with both met, 10 of 12 = 83 %: gold.
    expect(ann.draft).toEqual({
      eligible: true,
      points: 7,
      pointsHigh: 10,
      total: 12,
      percent: (100 * 7) / 12,
      percentHigh: (100 * 10) / 12,
      tier: 'silver',
      tierRange: ['silver', 'gold'],
      unassessed: ['C3', 'C11'],
    });
    expect(ann.range).toEqual({ tierRange: ['silver', 'gold'], unassessed: ['C3', 'C11'] });
    expect(ann.moved).toBe('down');
    expect(causesOf(preview, 'ann')).toEqual([
      'C3 lineage: new (earlier answers not carried): −1 point',
      'C11 added (2 points): −1 tier',
    ]);
    // Eve misses core C1, so even her high end stays silver: a range of points, not of tiers.
    expect(row(preview, 'eve').range).toEqual({ tierRange: ['silver', 'silver'], unassessed: ['C3', 'C11'] });
    // Ineligible Dan keeps no tier at either end (S4).
    expect(row(preview, 'dan').draft.tierRange).toEqual([null, null]);
    // Tier ranges: Ann, Ben (silver–gold), Cat, Fay, Gus (not certified–silver); Eve and Dan have none.
    expect(
      preview.rows
        .filter((candidate) => candidate.draft.tierRange[0] !== candidate.draft.tierRange[1])
        .map((candidate) => candidate.applicantId),
    ).toEqual(['ann', 'ben', 'cat', 'fay', 'gus']);
    expect(preview.summary.rangedInDraft).toBe(5);
  });

  it('[I2] near-miss band before and after', () => {
    const preview = previewOf(tinyEngine(), goldTo75);
    expect(preview.nearMiss).toEqual({
      within: 2,
      tiers: [
        {
          tier: 'silver',
          name: 'Silver',
          baseline: {
            minPercent: 50,
            minPoints: 5,
            total: 10,
            applicants: [{ index: 5, points: 4, short: 1, otherRulesMet: true }],
          },
          draft: {
            minPercent: 50,
            minPoints: 5,
            total: 10,
            applicants: [{ index: 5, points: 4, short: 1, otherRulesMet: true }],
          },
        },
        {
          tier: 'gold',
          name: 'Gold',
          // Cat is 2 short with core C1 met; Gus 1 short but without core C1 (blocked, not just short).
          // Eve has 8 points but no core: blocked, so not a near miss. Dan is ineligible.
          baseline: {
            minPercent: 70,
            minPoints: 7,
            total: 10,
            applicants: [
              { index: 2, points: 5, short: 2, otherRulesMet: true },
              { index: 6, points: 6, short: 1, otherRulesMet: false },
            ],
          },
          draft: {
            minPercent: 75,
            minPoints: 8,
            total: 10,
            applicants: [
              { index: 1, points: 7, short: 1, otherRulesMet: true },
              { index: 6, points: 6, short: 2, otherRulesMet: false },
            ],
          },
        },
      ],
    });
    const narrow = previewOf(tinyEngine(), goldTo75, 1).nearMiss.tiers[1];
    expect(narrow?.baseline?.applicants.map((entry) => entry.index)).toEqual([6]);
    expect(narrow?.draft?.applicants.map((entry) => entry.index)).toEqual([1]);
    expect(
      previewOf(tinyEngine(), goldTo75, 0).nearMiss.tiers.flatMap((tier) => tier.draft?.applicants),
    ).toEqual([]);
  });

  it('[I3] histogram of draft percents with the cut-offs of both versions', () => {
    const engine = tinyEngine();
    const preview = engine.preview(goldTo75, { binWidth: 10 });
    if (!preview.ok) throw new Error('refused');
    const { histogram } = preview.value;
    // Eligible percents: Fay 40, Cat 50, Gus 60, Ben 70, Ann 80, Eve 80.
    expect(histogram.bins.map((bin) => [bin.from, bin.draft])).toEqual([
      [0, 0],
      [10, 0],
      [20, 0],
      [30, 0],
      [40, 1],
      [50, 1],
      [60, 1],
      [70, 1],
      [80, 2],
      [90, 0],
    ]);
    expect(histogram.cutoffs).toEqual([
      { tier: 'silver', name: 'Silver', baseline: 50, draft: 50 },
      { tier: 'gold', name: 'Gold', baseline: 70, draft: 75 },
    ]);
    expect(histogram.ineligible).toEqual({ baseline: 1, draft: 1 });
  });

  it('[I4] a threshold-only draft change reuses the cached translation and encoding', () => {
    const engine = tinyEngine();
    expect(engine.stats.baselineTranslations).toBe(7);
    previewOf(engine, goldTo75);
    expect(engine.stats).toMatchObject({ draftTranslations: 1, draftEncodings: 1, draftCompilations: 1 });

    // Dragging the gold cut-off: no translation, no encoding, not even a compilation.
    previewOf(
      engine,
      tinyDraft((base) => ({ tiers: withTier(base, 'gold', { minPercent: 76 }) })),
    );
    previewOf(
      engine,
      tinyDraft((base) => ({ tiers: withTier(base, 'gold', { minPercent: 77.5 }) })),
    );
    expect(engine.stats).toMatchObject({
      draftTranslations: 1,
      draftEncodings: 1,
      draftCompilations: 1,
      thresholdPatches: 2,
    });

    // A points edit compiles again but keeps the translated, encoded cohort; a statement edit changes nothing.
    previewOf(
      engine,
      tinyDraft((base) => ({ criteria: withCriterion(base, 'C2', { points: 3 }) })),
    );
    previewOf(
      engine,
      tinyDraft((base) => ({ criteria: withCriterion(base, 'C2', { points: 3, statement: 'Reworded.' }) })),
    );
    expect(engine.stats).toMatchObject({ draftTranslations: 1, draftEncodings: 1, draftCompilations: 2 });

    // A lineage edit changes which answers reach the draft: translate again, that criterion only.
    previewOf(
      engine,
      tinyDraft((base) => ({
        criteria: withCriterion(base, 'C2', { lineage: { from: [], relation: 'new' } }),
      })),
    );
    expect(engine.stats).toMatchObject({
      draftTranslations: 2,
      criteriaTranslated: 10 + 1,
      draftEncodings: 2,
    });
  });

  it('[I4] patching thresholds gives exactly what compiling gives', () => {
    const draft = tinyDraft((base) => ({ tiers: withTier(base, 'gold', { minPercent: 66.67 }) }));
    expect(withThresholds(compileStandard(goldTo75), draft)).toEqual(compileStandard(draft));
  });

  it('[I4] during a threshold drag only the dragged threshold is scored again', () => {
    const engine = tinyEngine();
    const drag = (gold: number) =>
      tinyDraft((base) => ({
        tiers: withTier(base, 'gold', { minPercent: gold }),
        criteria: withCriterion(base, 'C10', { points: 2 }),
      }));
    previewOf(engine, drag(75));
    expect(engine.stats.variantScorings).toBe(2);
    previewOf(engine, drag(76));
    expect(engine.stats.variantScorings).toBe(3);
  });

  it('[L1] a draft with no lineage path from a cohort is refused with the reason', () => {
    const orphan = tinyDraft(() => ({ basedOn: null }));
    const preview = tinyEngine().preview(orphan);
    if (preview.ok) throw new Error('expected a refusal');
    expect(preview.problems).toHaveLength(1);
    expect(preview.problems[0]?.path).toBe('cohorts.0.version');
    expect(preview.problems[0]?.message).toContain('no lineage path from tiny 1 to 2');
  });

  it('[C5] an invalid draft being edited (duplicate ids, unknown references) still previews', () => {
    const draft = tinyDraft((base) => ({
      criteria: [
        ...withCriterion(base, 'C2', { prerequisites: ['C99'] }),
        { ...base.criteria[0]!, title: 'Copy' },
      ],
      tiers: withTier(base, 'gold', { requiredCriteria: ['C77'] }),
    }));
    const preview = previewOf(tinyEngine(), draft);
    // Gold requires a criterion that does not exist: no one reaches it.
    expect(preview.rows.filter((candidate) => candidate.draft.tier === 'gold')).toEqual([]);
    expect(preview.summary.applicants).toBe(7);
  });

  it('[I1] refuses cohorts of another standard or with responses that do not fit their version', () => {
    const engine = createImpactEngine({
      baseline: tinyV1,
      versions: new Map(),
      cohorts: [
        { ...tinyCohort, standard: 'other' },
        { ...tinyCohort, applicants: [{ id: 'x', name: 'X', population: 1, responses: { C42: true } }] },
      ],
    });
    expect(engine).toEqual({
      ok: false,
      problems: [
        { path: 'cohorts.0.standard', message: 'cohort 2024 is for standard "other", not "tiny"' },
        { path: 'cohorts.1.applicants.0.responses.C42', message: 'criterion "C42" is not in tiny 1' },
      ],
    });
  });
});
