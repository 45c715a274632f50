import type { AssessmentFile } from '../assessment.ts';
import { type Checked, ok, refused } from '../problems.ts';
import { type ScoredApplicant, scoreAssessmentFile } from '../score-assessments.ts';
import type { Standard } from '../standard.ts';

/** One applicant whose tier differs between the two versions (low ends compared). */
export interface TierMove {
  readonly applicant: string;
  readonly name: string;
  readonly before: string | null;
  readonly after: string | null;
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
 * Compares two scorings of the same applicants, matched by position: tiers by rank (no tier, ineligible
 * included, is below every tier, so an applicant ineligible under both stays), the low end of each range.
 */
export function countTierMoves(
  older: Standard,
  newer: Standard,
  before: readonly ScoredApplicant[],
  after: readonly ScoredApplicant[],
): Pick<DiffImpact, 'applicants' | 'up' | 'down' | 'same' | 'ranged' | 'moves'> {
  const rank = tierRanks(older, newer);
  const rankOf = (tier: string | null) => (tier === null ? 0 : (rank.get(tier) ?? 0));
  const moves: TierMove[] = [];
  let same = 0;
  let ranged = 0;
  before.forEach((scored, index) => {
    const later = after[index];
    if (!later) return;
    const { tierRange: rangeBefore } = scored.result;
    const { tierRange: rangeAfter } = later.result;
    if (rangeBefore[0] !== rangeBefore[1] || rangeAfter[0] !== rangeAfter[1]) ranged++;
    const from = scored.result.tier;
    const to = later.result.tier;
    const delta = rankOf(to) - rankOf(from);
    if (delta === 0) {
      same++;
      return;
    }
    moves.push({
      applicant: scored.applicant.id,
      name: scored.applicant.name,
      before: from,
      after: to,
      direction: delta > 0 ? 'up' : 'down',
    });
  });
  const up = moves.filter((move) => move.direction === 'up').length;
  return { applicants: before.length, up, down: moves.length - up, same, ranged, moves };
}

/**
 * Ranks (1 = lowest) over the tiers of both versions: the newer version's order, with a tier only the older
 * version has placed right above the older tier below it, so a tier added in between does not move anyone.
 */
export function tierRanks(older: Standard, newer: Standard): Map<string, number> {
  const order = newer.tiers.map((tier) => tier.id);
  older.tiers.forEach((tier, index) => {
    if (order.includes(tier.id)) return;
    const below = older.tiers[index - 1]?.id;
    order.splice(below === undefined ? 0 : order.indexOf(below) + 1, 0, tier.id);
  });
  return new Map(order.map((id, index) => [id, index + 1]));
}

/** Moves counted by (before, after) tier, most frequent first, e.g. gold → silver 5. */
export function tierMoveCounts(
  moves: readonly TierMove[],
): { before: string | null; after: string | null; count: number }[] {
  const counts = new Map<string, { before: string | null; after: string | null; count: number }>();
  for (const move of moves) {
    const key = `${move.before ?? ''}>${move.after ?? ''}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { before: move.before, after: move.after, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}
