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
   * Criterion indices with every prerequisite before its dependents (S3), otherwise in document order.
   * Criteria on or behind a prerequisite cycle, or with an unknown prerequisite, are left out: they never count.
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
  /** Criteria of part `p` are `partMembers[partMemberStart[p] .. partMemberStart[p + 1])`. */
  readonly partMemberStart: Int32Array;
  readonly partMembers: Int32Array;
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
  const membersByPart = partIds.map((_, part) =>
    criteria.flatMap((_, index) => (partOf[index] === part ? [index] : [])),
  );
  const partMemberStart = new Int32Array(partIds.length + 1);
  membersByPart.forEach((members, part) => {
    partMemberStart[part + 1] = (partMemberStart[part] ?? 0) + members.length;
  });

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
    partMemberStart,
    partMembers: Int32Array.from(membersByPart.flat()),
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

/**
 * Prerequisite lists in CSR form and an evaluation order: document order, except that a criterion's
 * prerequisites come first. For the usual standard, whose prerequisites precede their dependents, this is
 * the identity, so scoring reads each applicant's flags front to back.
 */
function orderPrerequisites(
  standard: Standard,
  indexOf: ReadonlyMap<string, number>,
): Pick<CompiledStandard, 'prerequisiteStart' | 'prerequisites' | 'evaluationOrder'> {
  const count = standard.criteria.length;
  const prerequisiteStart = new Int32Array(count + 1);
  const lists: number[][] = [];
  const state = new Uint8Array(count);
  standard.criteria.forEach((criterion, index) => {
    const list = new Set<number>();
    for (const id of criterion.prerequisites) {
      const prerequisite = indexOf.get(id);
      if (prerequisite === undefined) state[index] = BLOCKED;
      else list.add(prerequisite);
    }
    lists.push([...list]);
    prerequisiteStart[index + 1] = (prerequisiteStart[index] ?? 0) + list.size;
  });

  const order: number[] = [];
  // Depth-first; every criterion is entered once, so a cycle ends the walk instead of looping.
  const visit = (index: number): boolean => {
    if (state[index] === ORDERED) return true;
    if (state[index] !== UNVISITED) return false; // blocked, or on the current path: a cycle
    state[index] = VISITING;
    let evaluable = true;
    for (const prerequisite of lists[index] ?? []) if (!visit(prerequisite)) evaluable = false;
    state[index] = evaluable ? ORDERED : BLOCKED;
    if (evaluable) order.push(index);
    return evaluable;
  };
  for (let index = 0; index < count; index++) visit(index);
  return {
    prerequisiteStart,
    prerequisites: Int32Array.from(lists.flat()),
    evaluationOrder: Int32Array.from(order),
  };
}

const UNVISITED = 0;
const VISITING = 1;
const ORDERED = 2;
const BLOCKED = 3;
