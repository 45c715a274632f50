import { type Response } from '../../src/core/assessment.ts';
import { type Criterion, type Standard } from '../../src/core/standard.ts';
import { type SeededRandom } from '../random/seeded-random.ts';

/** What one synthetic applicant should come out as under the standard it is generated for. */
export interface ResponseTarget {
  /** Tier id the applicant must reach (and no higher), or null for not certified. */
  readonly tier: string | null;
  /** Percent of all points to aim for; the search stays within one point of it when the tier allows. */
  readonly percent: number;
  /** Not certified, but meeting one more criterion would certify it (the honor roll). */
  readonly nearMiss?: boolean;
}

/** Scores a full set of responses under the standard being generated for: tier id (or null) and points. */
export type ResponseProbe = (responses: Record<string, Response>) => { tier: string | null; points: number };

type CriterionState = boolean | Set<string>;

const MAX_STEPS = 60_000;

/**
 * Finds responses for one synthetic applicant that land exactly on `target` under `standard`, by a
 * seeded local search: start from a random profile (some areas stronger than others, as in real
 * applications), then flip single criteria or checklist items, or swap a met for an unmet criterion,
 * keeping moves that do not take it further from the target. Deterministic for a given random state.
 */
export function generateResponses(
  standard: Standard,
  target: ResponseTarget,
  probe: ResponseProbe,
  random: SeededRandom,
  label: string,
): Record<string, Response> {
  const tierIds = standard.tiers.map((tier) => tier.id);
  const rankOf = (tier: string | null) => (tier === null ? -1 : tierIds.indexOf(tier));
  const targetRank = rankOf(target.tier);
  const total = standard.criteria.reduce((sum, criterion) => sum + criterion.points, 0);
  const targetPoints = Math.round((target.percent / 100) * total);

  const areaStrength = new Map(standard.areas.map((area) => [area.id, random.between(0.55, 1.45)]));
  const state = new Map<string, CriterionState>();
  for (const criterion of standard.criteria) {
    const chance = Math.min(0.97, (target.percent / 100) * (areaStrength.get(criterion.area) ?? 1));
    state.set(criterion.id, initialState(criterion, chance, random));
  }

  const distance = (): number => {
    const result = probe(toResponses(standard, state));
    const tierGap = Math.abs(rankOf(result.tier) - targetRank);
    return tierGap * 1000 + Math.max(0, Math.abs(result.points - targetPoints) - 1);
  };

  let current = distance();
  for (let step = 0; step < MAX_STEPS; step++) {
    if (current === 0 && (!target.nearMiss || isNearMiss(standard, state, probe))) {
      return toResponses(standard, state);
    }
    const undo = randomMove(standard, state, random);
    const next = distance();
    // Sideways and improving moves are kept; a few worse ones too, so the search leaves plateaus
    // (moving points from one part to another, for instance, passes through a worse state).
    if (next <= current || random.next() < 0.04) current = next;
    else undo();
  }
  throw new Error(
    `could not generate responses for ${label} reaching ${target.tier ?? 'no tier'} at ~${target.percent}%`,
  );
}

function initialState(criterion: Criterion, chance: number, random: SeededRandom): CriterionState {
  if (!criterion.checklist) return random.next() < chance;
  return new Set(criterion.checklist.items.filter(() => random.next() < chance).map((item) => item.id));
}

/** Applies one random move and returns a function that takes it back. */
function randomMove(
  standard: Standard,
  state: Map<string, CriterionState>,
  random: SeededRandom,
): () => void {
  const first = random.pick(standard.criteria);
  if (random.next() < 0.35) {
    const second = random.pick(standard.criteria);
    const undoFirst = flip(first, state, random);
    const undoSecond = flip(second, state, random);
    return () => {
      undoSecond();
      undoFirst();
    };
  }
  return flip(first, state, random);
}

function flip(criterion: Criterion, state: Map<string, CriterionState>, random: SeededRandom): () => void {
  const before = state.get(criterion.id);
  if (typeof before === 'boolean' || before === undefined) {
    state.set(criterion.id, !before);
    return () => state.set(criterion.id, before ?? false);
  }
  const item = random.pick(criterion.checklist?.items ?? []).id;
  const next = new Set(before);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  state.set(criterion.id, next);
  return () => state.set(criterion.id, before);
}

function isNearMiss(standard: Standard, state: Map<string, CriterionState>, probe: ResponseProbe): boolean {
  if (probe(toResponses(standard, state)).tier !== null) return false;
  return standard.criteria.some((criterion) => {
    const fullyMet: CriterionState = criterion.checklist
      ? new Set(criterion.checklist.items.map((item) => item.id))
      : true;
    const trial = new Map(state).set(criterion.id, fullyMet);
    return probe(toResponses(standard, trial)).tier !== null;
  });
}

function toResponses(standard: Standard, state: Map<string, CriterionState>): Record<string, Response> {
  const responses: Record<string, Response> = {};
  for (const criterion of standard.criteria) {
    const value = state.get(criterion.id) ?? false;
    responses[criterion.id] =
      typeof value === 'boolean'
        ? value
        : {
            items: (criterion.checklist?.items ?? [])
              .filter((item) => value.has(item.id))
              .map((item) => item.id),
          };
  }
  return responses;
}
