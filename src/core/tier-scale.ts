/**
 * The one ordering of outcomes every screen, export and command uses, so that "up" and "down" mean the same
 * on the diff page, in the impact preview and in the CLI: ineligible < not certified < the tiers, lowest
 * first. An applicant who was ineligible and becomes eligible but uncertified has moved up one step.
 */

/** The words for the two outcomes that are not a tier; nothing else in the app spells them. */
export const OUTCOME_NAMES = {
  ineligible: 'ineligible',
  notCertified: 'not certified',
} as const;

/** An applicant's outcome under one version: a tier id or null (not certified), and eligibility (S4). */
export interface Outcome {
  readonly tier: string | null;
  readonly eligible: boolean;
}

/** Which way an applicant moved between two outcomes on a {@link TierScale}. */
export type Movement = 'up' | 'down' | 'same';

/**
 * Ranks of outcomes over the tiers of two versions: ineligible (rank 0) < not certified (rank 1) < the
 * tiers, lowest first. Tiers are ordered as in the newer version, with a tier only the older version has
 * placed right above the highest of its older neighbours below that the newer version keeps, so a tier
 * removed in between moves nobody. Ranks of tiers are `2 + position`.
 */
export interface TierScale {
  /** Tier ids, lowest first. */
  readonly ids: readonly string[];
  readonly names: ReadonlyMap<string, string>;
  readonly rankOf: ReadonlyMap<string, number>;
}

export const INELIGIBLE_RANK = 0;
export const NOT_CERTIFIED_RANK = 1;

/** The tiers of a version, lowest first, as the scale needs them (a `Standard` fits). */
interface TierList {
  readonly tiers: readonly { readonly id: string; readonly name: string }[];
}

/** The scale over `older`'s and `newer`'s tiers (see {@link TierScale} for the order). */
export function tierScaleOf(older: TierList, newer: TierList): TierScale {
  const ids = newer.tiers.map((tier) => tier.id).filter((id, index, all) => all.indexOf(id) === index);
  older.tiers.forEach((tier, index) => {
    if (ids.includes(tier.id)) return;
    const below = older.tiers
      .slice(0, index)
      .map((lower) => ids.indexOf(lower.id))
      .filter((position) => position >= 0);
    ids.splice(below.length === 0 ? 0 : Math.max(...below) + 1, 0, tier.id);
  });
  const names = new Map<string, string>();
  for (const tier of [...older.tiers, ...newer.tiers]) names.set(tier.id, tier.name);
  return { ids, names, rankOf: new Map(ids.map((id, position) => [id, 2 + position])) };
}

/**
 * The rank of an outcome on `scale`. A tier missing from the scale (not possible for the two versions it was
 * built from) ranks as not certified.
 */
export function outcomeRank(scale: TierScale, outcome: Outcome): number {
  if (!outcome.eligible) return INELIGIBLE_RANK;
  if (outcome.tier === null) return NOT_CERTIFIED_RANK;
  return scale.rankOf.get(outcome.tier) ?? NOT_CERTIFIED_RANK;
}

/** Steps on `scale` from `before` to `after`: positive is up, negative down. */
export function outcomeSteps(scale: TierScale, before: Outcome, after: Outcome): number {
  return outcomeRank(scale, after) - outcomeRank(scale, before);
}

/** Whether `after` is above, below or level with `before` on `scale`. */
export function compareOutcomes(scale: TierScale, before: Outcome, after: Outcome): Movement {
  return movementOf(outcomeSteps(scale, before, after));
}

/** The direction of a number of steps on the scale (positive is up). */
export function movementOf(steps: number): Movement {
  return steps > 0 ? 'up' : steps < 0 ? 'down' : 'same';
}

/** An outcome's display name: the tier's name, `not certified` or `ineligible`. */
export function outcomeName(scale: Pick<TierScale, 'names'>, outcome: Outcome): string {
  if (!outcome.eligible) return OUTCOME_NAMES.ineligible;
  return outcome.tier === null ? OUTCOME_NAMES.notCertified : (scale.names.get(outcome.tier) ?? outcome.tier);
}
