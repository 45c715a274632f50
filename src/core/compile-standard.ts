import type { Standard } from './standard.ts';

/**
 * A standard flattened once for scoring many applicants (S8, the impact engine): criteria are addressed by
 * their index in `standard.criteria`, and every threshold is an exact integer.
 */
export interface CompiledStandard {
  readonly id: string;
  readonly version: string;
  readonly criterionIds: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly points: Int32Array;
  /** S1: sum of all points. */
  readonly total: number;
  /** A checklist's `minMet`; 1 for a yes/no criterion. */
  readonly minMet: Int32Array;
  /** A checklist's item ids; null for a yes/no criterion. */
  readonly checklistItems: ReadonlyArray<ReadonlySet<string> | null>;
  /**
   * Criterion indices with every prerequisite before its dependents (S3). Criteria on or behind a
   * prerequisite cycle, or with an unknown prerequisite, are left out: they never count.
   */
  readonly evaluationOrder: Int32Array;
  /** Prerequisites of criterion `i` are `prerequisites[prerequisiteStart[i] .. prerequisiteStart[i + 1])`. */
  readonly prerequisiteStart: Int32Array;
  readonly prerequisites: Int32Array;
  /** 1 for a core criterion. */
  readonly core: Uint8Array;
  readonly partIds: readonly string[];
  /** Index into `partIds`, or -1 for a criterion outside every part. */
  readonly partOf: Int32Array;
  readonly partTotals: Int32Array;
  /** Fewest earned points that cover each part (S5, `partCoveragePercent`). */
  readonly partMinPoints: Int32Array;
  /** Ascending, as in the standard (S6). */
  readonly tiers: readonly CompiledTier[];
  readonly minPopulation: number;
}

/** One tier's rules (S5) as integers and index lists. */
export interface CompiledTier {
  readonly id: string;
  /** `round(minPercent × 100)`. */
  readonly minPercentHundredths: number;
  /** Fewest awarded points with `awarded × 10000 ≥ minPercentHundredths × total`. */
  readonly minPoints: number;
  /** `requiredCriteria` plus, when `requireCore`, every core criterion: each must count as met. */
  readonly requiredIndices: Int32Array;
  readonly minPartsCovered: number;
  /** False when a required criterion does not exist (an unvalidated standard): never reached. */
  readonly reachable: boolean;
}

/**
 * Compiles a standard for `scoreApplicant` and `scoreEncodedCohort`. Expects a validated standard, but an
 * invalid one (cycles, unknown references) still compiles: whatever depends on the broken part never counts.
 */
export function compileStandard(standard: Standard): CompiledStandard {
  const criteria = standard.criteria;
  const indexOf = new Map(criteria.map((criterion, index) => [criterion.id, index]));
  const points = Int32Array.from(criteria, (criterion) => criterion.points);
  const total = points.reduce((sum, value) => sum + value, 0);
  const partIds = (standard.parts ?? []).map((part) => part.id);
  const partOf = Int32Array.from(criteria, (criterion) =>
    criterion.part === undefined ? -1 : partIds.indexOf(criterion.part),
  );
  const partTotals = new Int32Array(partIds.length);
  partOf.forEach((part, index) => {
    if (part >= 0) partTotals[part] = (partTotals[part] ?? 0) + (points[index] ?? 0);
  });
  const coverageHundredths = Math.round(standard.partCoveragePercent * 100);
  const core = Uint8Array.from(criteria, (criterion) => (criterion.core ? 1 : 0));
  const coreIndices = criteria.flatMap((criterion, index) => (criterion.core ? [index] : []));
  const { prerequisiteStart, prerequisites, evaluationOrder } = orderPrerequisites(standard, indexOf);

  return {
    id: standard.id,
    version: standard.version,
    criterionIds: criteria.map((criterion) => criterion.id),
    indexOf,
    points,
    total,
    minMet: Int32Array.from(criteria, (criterion) => criterion.checklist?.minMet ?? 1),
    checklistItems: criteria.map((criterion) =>
      criterion.checklist ? new Set(criterion.checklist.items.map((item) => item.id)) : null,
    ),
    evaluationOrder,
    prerequisiteStart,
    prerequisites,
    core,
    partIds,
    partOf,
    partTotals,
    partMinPoints: partTotals.map((partTotal) => minPointsFor(coverageHundredths, partTotal)),
    tiers: standard.tiers.map((tier) => {
      const required = new Set(tier.requireCore ? coreIndices : []);
      let reachable = true;
      for (const id of tier.requiredCriteria) {
        const index = indexOf.get(id);
        if (index === undefined) reachable = false;
        else required.add(index);
      }
      const minPercentHundredths = Math.round(tier.minPercent * 100);
      return {
        id: tier.id,
        minPercentHundredths,
        minPoints: minPointsFor(minPercentHundredths, total),
        requiredIndices: Int32Array.from([...required].sort((a, b) => a - b)),
        minPartsCovered: tier.minPartsCovered ?? 0,
        reachable,
      };
    }),
    minPopulation: standard.eligibility.minPopulation,
  };
}

/**
 * Smallest integer `p` with `p × 10000 ≥ hundredths × outOf` (S5's exact comparison), so that scoring
 * compares integers only: 30 of 45 points does not reach 66.67% because 300000 < 300015.
 */
export function minPointsFor(hundredths: number, outOf: number): number {
  const needed = hundredths * outOf;
  let points = Math.ceil(needed / 10000);
  // Guard the float division at the boundary; both loops run at most once.
  while (points > 0 && (points - 1) * 10000 >= needed) points--;
  while (points * 10000 < needed) points++;
  return points;
}

/** Prerequisite lists in CSR form and a topological evaluation order (Kahn's algorithm, stable). */
function orderPrerequisites(
  standard: Standard,
  indexOf: ReadonlyMap<string, number>,
): Pick<CompiledStandard, 'prerequisiteStart' | 'prerequisites' | 'evaluationOrder'> {
  const count = standard.criteria.length;
  const prerequisiteStart = new Int32Array(count + 1);
  const lists: number[][] = [];
  const blocked = new Uint8Array(count);
  standard.criteria.forEach((criterion, index) => {
    const list = new Set<number>();
    for (const id of criterion.prerequisites) {
      const prerequisite = indexOf.get(id);
      if (prerequisite === undefined) blocked[index] = 1;
      else list.add(prerequisite);
    }
    lists.push([...list]);
    prerequisiteStart[index + 1] = (prerequisiteStart[index] ?? 0) + list.size;
  });
  const prerequisites = Int32Array.from(lists.flat());

  const waitingOn = Int32Array.from(lists, (list) => list.length);
  const dependents: number[][] = lists.map(() => []);
  lists.forEach((list, index) => list.forEach((prerequisite) => dependents[prerequisite]?.push(index)));
  const ready = lists.flatMap((list, index) => (list.length === 0 && !blocked[index] ? [index] : []));
  // Each criterion enters `ready` at most once, so this ends even when the prerequisites have a cycle.
  for (let next = 0; next < ready.length; next++) {
    const index = ready[next] ?? 0;
    for (const dependent of dependents[index] ?? []) {
      const remaining = (waitingOn[dependent] ?? 0) - 1;
      waitingOn[dependent] = remaining;
      if (remaining === 0 && !blocked[dependent]) ready.push(dependent);
    }
  }
  return { prerequisiteStart, prerequisites, evaluationOrder: Int32Array.from(ready) };
}
