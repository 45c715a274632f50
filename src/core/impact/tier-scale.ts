import type { CompiledStandard } from '../compile-standard.ts';
import type { CohortScores } from '../score.ts';
import type { Standard } from '../standard.ts';

/**
 * One ordering of outcomes shared by the baseline, the draft and every attribution variant, so that "up" and
 * "down" mean the same everywhere: ineligible (rank 0) < not certified (rank 1) < the tiers, lowest first.
 * Tiers are ordered as in the draft, with tiers only the baseline has placed above their baseline neighbour
 * below. Ranks of tiers are `2 + position`.
 */
export interface TierScale {
  /** Tier ids, lowest first. */
  readonly ids: readonly string[];
  readonly names: ReadonlyMap<string, string>;
  readonly rankOf: ReadonlyMap<string, number>;
}

export const INELIGIBLE_RANK = 0;
export const NOT_CERTIFIED_RANK = 1;

export function tierScaleOf(baseline: Standard, draft: Standard): TierScale {
  const ids = draft.tiers.map((tier) => tier.id).filter((id, index, all) => all.indexOf(id) === index);
  baseline.tiers.forEach((tier, index) => {
    if (ids.includes(tier.id)) return;
    const below = baseline.tiers
      .slice(0, index)
      .map((lower) => ids.indexOf(lower.id))
      .filter((position) => position >= 0);
    ids.splice(below.length === 0 ? 0 : Math.max(...below) + 1, 0, tier.id);
  });
  const names = new Map<string, string>();
  for (const tier of [...baseline.tiers, ...draft.tiers]) names.set(tier.id, tier.name);
  return { ids, names, rankOf: new Map(ids.map((id, position) => [id, 2 + position])) };
}

/** The display name of a rank's outcome. */
export function outcomeName(scale: TierScale, tier: string | null, eligible: boolean): string {
  if (!eligible) return 'ineligible';
  return tier === null ? 'not certified' : (scale.names.get(tier) ?? tier);
}

/**
 * Ranks of every applicant at the low and high end of its range, from a cohort's flat scores. Tiers
 * missing from the scale (not possible for the baseline, draft or their variants) rank as not certified.
 */
export function ranksOf(
  scale: TierScale,
  compiled: CompiledStandard,
  scores: CohortScores,
): { low: Int16Array; high: Int16Array } {
  const byIndex = compiled.tiers.map((tier) => scale.rankOf.get(tier.id) ?? NOT_CERTIFIED_RANK);
  const size = scores.points.length;
  const low = new Int16Array(size);
  const high = new Int16Array(size);
  for (let a = 0; a < size; a++) {
    if (scores.eligible[a] !== 1) continue; // INELIGIBLE_RANK is 0
    low[a] = byIndex[scores.tier[a]!] ?? NOT_CERTIFIED_RANK;
    high[a] = byIndex[scores.tierHigh[a]!] ?? NOT_CERTIFIED_RANK;
  }
  return { low, high };
}
