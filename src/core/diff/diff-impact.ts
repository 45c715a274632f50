import type { AssessmentFile } from '../assessment.ts';
import { type Checked, ok, refused } from '../problems.ts';
import { type ScoredApplicant, scoreAssessmentFile } from '../score-assessments.ts';
import type { Standard } from '../standard.ts';
import { type Outcome, compareOutcomes, tierScaleOf } from '../tier-scale.ts';

/** One applicant whose outcome differs between the two versions (low ends compared). */
export interface TierMove {
  readonly applicant: string;
  readonly name: string;
  readonly before: Outcome;
  readonly after: Outcome;
  readonly direction: 'up' | 'down';
}

/** D3: how one cohort's tiers move from the older version to the newer one. */
export interface DiffImpact {
  readonly cycle: string;
  /** The version the responses were recorded against. */
  readonly recordedVersion: string;
  readonly synthetic: boolean;
  readonly applicants: number;
  readonly up: number;
  readonly down: number;
  readonly same: number;
  /** Applicants with a tier range (unassessed criteria, S7) under either version; their low ends are compared. */
  readonly ranged: number;
  /** Every applicant that moved, in the file's order. */
  readonly moves: readonly TierMove[];
}

/**
 * D3: scores every applicant of `file` under both versions (S1–S7, translating responses through lineage,
 * L1–L4) and counts who moves up, down or stays. `versions` holds the standard's other versions by label.
 * Refused, with the problems, when the responses cannot reach one of the versions (L1), e.g. responses recorded
 * against the newer version cannot be scored under the older one.
 */
export function diffImpact(
  older: Standard,
  newer: Standard,
  file: AssessmentFile,
  versions: ReadonlyMap<string, Standard>,
): Checked<DiffImpact> {
  const before = scoreAssessmentFile(older, file, versions);
  const after = scoreAssessmentFile(newer, file, versions);
  if (!before.ok || !after.ok) {
    return refused([...(before.ok ? [] : before.problems), ...(after.ok ? [] : after.problems)]);
  }
  return ok({
    cycle: file.cycle,
    recordedVersion: file.version,
    synthetic: file.synthetic,
    ...countTierMoves(older, newer, before.value, after.value),
  });
}

/**
 * Compares two scorings of the same applicants, matched by position, on the one tier scale of
 * `src/core/tier-scale.ts` (ineligible < not certified < the tiers), the low end of each range — the same
 * comparison the impact preview makes, so both screens name the same movers.
 */
export function countTierMoves(
  older: Standard,
  newer: Standard,
  before: readonly ScoredApplicant[],
  after: readonly ScoredApplicant[],
): Pick<DiffImpact, 'applicants' | 'up' | 'down' | 'same' | 'ranged' | 'moves'> {
  const scale = tierScaleOf(older, newer);
  const moves: TierMove[] = [];
  let same = 0;
  let ranged = 0;
  before.forEach((scored, index) => {
    const later = after[index];
    if (!later) return;
    const { tierRange: rangeBefore } = scored.result;
    const { tierRange: rangeAfter } = later.result;
    if (rangeBefore[0] !== rangeBefore[1] || rangeAfter[0] !== rangeAfter[1]) ranged++;
    const from: Outcome = { tier: scored.result.tier, eligible: scored.result.eligible };
    const to: Outcome = { tier: later.result.tier, eligible: later.result.eligible };
    const direction = compareOutcomes(scale, from, to);
    if (direction === 'same') {
      same++;
      return;
    }
    moves.push({
      applicant: scored.applicant.id,
      name: scored.applicant.name,
      before: from,
      after: to,
      direction,
    });
  });
  const up = moves.filter((move) => move.direction === 'up').length;
  return { applicants: before.length, up, down: moves.length - up, same, ranged, moves };
}

/** Moves counted by (before, after) tier, most frequent first, e.g. gold → silver 5. */
export function tierMoveCounts(
  moves: readonly TierMove[],
): { before: Outcome; after: Outcome; count: number }[] {
  const counts = new Map<string, { before: Outcome; after: Outcome; count: number }>();
  for (const move of moves) {
    const key = JSON.stringify([move.before, move.after]);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { before: move.before, after: move.after, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}
