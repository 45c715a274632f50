import { type Problem, capProblems } from './problems.ts';
import type { Criterion, LineageRelation, Standard, Tier } from './standard.ts';

/**
 * Semantic checks on a standard that already has the right shape (F6): what zod cannot see because
 * it needs the whole document — ids, references, cycles, tier order, lineage.
 *
 * Every check runs and every problem is returned, so a committee sees the whole list at once; the
 * order is by check (ids, references, cycles, checklists, tiers, points, lineage), then by position.
 */

/**
 * Lists every semantic problem of `standard`, each located by a zod-style dotted path.
 *
 * @param basedOn The version `standard.basedOn` names, as the caller found it (H6): the version, or `null`
 *   when the caller looked and there is no such version — a problem (`basedOn: version 9.9 of
 *   what-works-cities does not exist`), since lineage then names criteria of nothing. Left out when the
 *   caller cannot look (a file checked alone): lineage is then checked for its own consistency only
 *   (source counts, one successor per source); `from` ids are checked against the version when given.
 * @returns An empty list when the standard is valid; at most `PROBLEM_LIST_CAP` problems and a count of the
 *   rest (H4).
 */
export function validateStandard(standard: Standard, basedOn?: Standard | null): Problem[] {
  return capProblems([
    ...effectiveDateProblems(standard),
    ...duplicateIdProblems(standard),
    ...repeatedEntryProblems(standard),
    ...referenceProblems(standard),
    ...prerequisiteCycleProblems(standard.criteria),
    ...checklistProblems(standard.criteria),
    ...tierOrderProblems(standard.tiers),
    ...partCoverageProblems(standard),
    ...totalPointsProblems(standard.criteria),
    ...lineageProblems(standard, basedOn),
  ]);
}

/** A value that occurs again in a list: where, and where it first occurred. */
interface Repeat {
  readonly value: string;
  readonly index: number;
  readonly firstIndex: number;
}

function findRepeats(values: readonly string[]): Repeat[] {
  const firstIndexOf = new Map<string, number>();
  const repeats: Repeat[] = [];
  values.forEach((value, index) => {
    const firstIndex = firstIndexOf.get(value);
    if (firstIndex === undefined) firstIndexOf.set(value, index);
    else repeats.push({ value, index, firstIndex });
  });
  return repeats;
}

function firstIndexById(entries: readonly { readonly id: string }[]): Map<string, number> {
  const indexById = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!indexById.has(entry.id)) indexById.set(entry.id, index);
  });
  return indexById;
}

const quoted = (value: string): string => JSON.stringify(value);

/**
 * An entry as a committee member knows it, e.g. `DM4 'Data Quality'` or `tier gold 'Gold'`: a path such as
 * `criteria.3` means nothing in the editor, whose lists show codes and names.
 */
function entryName(
  entry:
    | { readonly id: string; readonly name?: string; readonly title?: string; readonly text?: string }
    | undefined,
  noun: string,
): string {
  if (!entry) return `another ${noun}`;
  const label = entry.title ?? entry.name ?? entry.text ?? '';
  const named = label.trim() === '' ? entry.id : `${entry.id} '${label}'`;
  return noun === 'criterion' ? named : `${noun} ${named}`;
}
const quotedList = (values: readonly string[]): string => values.map(quoted).join(', ');

function effectiveDateProblems(standard: Standard): Problem[] {
  const { effective } = standard;
  // ISO dates compare correctly as strings.
  if (effective?.until === undefined || effective.until >= effective.from) return [];
  return [
    {
      path: 'effective.until',
      message: `${effective.until} is before the start date ${effective.from}; the end date must not come before the start`,
    },
  ];
}

function duplicateIdProblems(standard: Standard): Problem[] {
  const problems: Problem[] = [];
  const collect = (
    entries: readonly {
      readonly id: string;
      readonly name?: string;
      readonly title?: string;
      readonly text?: string;
    }[],
    listPath: string,
    noun: string,
  ): void => {
    for (const { value, index, firstIndex } of findRepeats(entries.map((entry) => entry.id))) {
      problems.push({
        path: `${listPath}.${index}.id`,
        message: `duplicate ${noun} id ${quoted(value)}, already used by ${entryName(entries[firstIndex], noun)}; give each ${noun} its own id`,
      });
    }
  };
  collect(standard.areas, 'areas', 'area');
  collect(standard.parts ?? [], 'parts', 'part');
  collect(standard.criteria, 'criteria', 'criterion');
  standard.criteria.forEach((criterion, index) => {
    if (!criterion.checklist) return;
    collect(criterion.checklist.items, `criteria.${index}.checklist.items`, 'checklist item');
  });
  collect(standard.tiers, 'tiers', 'tier');
  return problems;
}

/** Lists whose entries must be distinct: a repeat is at best noise and at worst counted twice (`merged`). */
function repeatedEntryProblems(standard: Standard): Problem[] {
  const problems: Problem[] = [];
  const collect = (values: readonly string[] | undefined, listPath: string): void => {
    for (const { value, index, firstIndex } of findRepeats(values ?? [])) {
      problems.push({
        path: `${listPath}.${index}`,
        message: `${quoted(value)} is listed twice (also at ${listPath}.${firstIndex}); remove the repeat`,
      });
    }
  };
  standard.criteria.forEach((criterion, index) => {
    collect(criterion.prerequisites, `criteria.${index}.prerequisites`);
    collect(criterion.evidence, `criteria.${index}.evidence`);
    collect(criterion.lineage?.from, `criteria.${index}.lineage.from`);
  });
  standard.tiers.forEach((tier, index) => collect(tier.requiredCriteria, `tiers.${index}.requiredCriteria`));
  return problems;
}

function referenceProblems(standard: Standard): Problem[] {
  const problems: Problem[] = [];
  const areaIds = standard.areas.map((area) => area.id);
  const partIds = standard.parts?.map((part) => part.id);
  const criterionIds = new Set(standard.criteria.map((criterion) => criterion.id));
  const unknownCriterion = (path: string, id: string): void => {
    if (!criterionIds.has(id)) problems.push({ path, message: `unknown criterion ${quoted(id)}` });
  };

  standard.criteria.forEach((criterion, index) => {
    const at = `criteria.${index}`;
    if (!areaIds.includes(criterion.area)) {
      problems.push({
        path: `${at}.area`,
        message: `unknown area ${quoted(criterion.area)}; use one of ${quotedList(areaIds)} or add it to areas`,
      });
    }
    if (criterion.part !== undefined && partIds === undefined) {
      problems.push({
        path: `${at}.part`,
        message: `part ${quoted(criterion.part)} is given but the standard has no parts; add a parts list or remove the part`,
      });
    } else if (criterion.part !== undefined && partIds !== undefined && !partIds.includes(criterion.part)) {
      problems.push({
        path: `${at}.part`,
        message: `unknown part ${quoted(criterion.part)}; use one of ${quotedList(partIds)} or add it to parts`,
      });
    }
    criterion.prerequisites.forEach((prerequisite, position) => {
      const path = `${at}.prerequisites.${position}`;
      if (prerequisite === criterion.id) {
        problems.push({
          path,
          message: `a criterion cannot be its own prerequisite; remove ${quoted(prerequisite)}`,
        });
      } else {
        unknownCriterion(path, prerequisite);
      }
    });
  });
  standard.tiers.forEach((tier, index) => {
    tier.requiredCriteria.forEach((id, position) =>
      unknownCriterion(`tiers.${index}.requiredCriteria.${position}`, id),
    );
  });
  return problems;
}

/**
 * Each cycle is reported once, at the prerequisite entry of its first criterion in document order,
 * e.g. `A → B → C → A` where A requires B. A depth-first search reports one cycle per back edge, so
 * every strongly connected knot of prerequisites shows up at least once without listing every
 * rotation (or, for dense knots, an exponential number of cycles). Self-references are reported by
 * the reference check instead.
 */
function prerequisiteCycleProblems(criteria: readonly Criterion[]): Problem[] {
  const indexById = firstIndexById(criteria);
  const state = criteria.map((): 'unvisited' | 'on-path' | 'done' => 'unvisited');
  const path: number[] = [];
  const cycles = new Map<string, number[]>();

  const visit = (index: number): void => {
    state[index] = 'on-path';
    path.push(index);
    for (const prerequisite of criteria[index]?.prerequisites ?? []) {
      const next = indexById.get(prerequisite);
      if (next === undefined || next === index) continue;
      if (state[next] === 'on-path') {
        const cycle = rotateToSmallest(path.slice(path.indexOf(next)));
        cycles.set(cycle.join(','), cycle);
      } else if (state[next] === 'unvisited') {
        visit(next);
      }
    }
    path.pop();
    state[index] = 'done';
  };
  criteria.forEach((_, index) => {
    if (state[index] === 'unvisited') visit(index);
  });

  return [...cycles.values()].map((cycle) => {
    const ids = cycle.map((index) => criteria[index]?.id ?? '?');
    const [start = 0] = cycle;
    const position = criteria[start]?.prerequisites.indexOf(ids[1] ?? '') ?? -1;
    return {
      path: `criteria.${start}.prerequisites.${position}`,
      message: `prerequisite cycle ${[...ids, ids[0]].join(' → ')}: none of these can ever be met; remove one of these prerequisites`,
    };
  });
}

function rotateToSmallest(cycle: readonly number[]): number[] {
  const start = cycle.indexOf(Math.min(...cycle));
  return [...cycle.slice(start), ...cycle.slice(0, start)];
}

function checklistProblems(criteria: readonly Criterion[]): Problem[] {
  const problems: Problem[] = [];
  criteria.forEach((criterion, index) => {
    const checklist = criterion.checklist;
    if (!checklist || checklist.minMet <= checklist.items.length) return;
    problems.push({
      path: `criteria.${index}.checklist.minMet`,
      message: `minMet is ${checklist.minMet} but the checklist has only ${checklist.items.length} items, so it can never be met; lower minMet or add items`,
    });
  });
  return problems;
}

/** Percent thresholds compared as whole hundredths, the precision S5 scores with. */
const hundredths = (percent: number): number => Math.round(percent * 100);

/**
 * Tiers are listed lowest first (paths `tiers.<index>.<rule>`; the tiers panel marks the fields they name). Each must be at least as strict as the one below in every rule and
 * stricter in at least one; otherwise an applicant could reach a higher tier while missing a lower one.
 * "Not stricter in any rule" is only reported when no rule is looser, as fixing a looser rule comes first.
 */
export function tierOrderProblems(tiers: readonly Tier[]): Problem[] {
  const problems: Problem[] = [];
  tiers.forEach((tier, index) => {
    const below = tiers[index - 1];
    if (!below) return;
    const at = `tiers.${index}`;
    const belowName = `the tier below (${quoted(below.id)})`;
    const looser: Problem[] = [];
    let stricter = false;

    if (hundredths(tier.minPercent) < hundredths(below.minPercent)) {
      looser.push({
        path: `${at}.minPercent`,
        message: `${tier.minPercent} is lower than ${below.minPercent} in ${belowName}; list tiers lowest first, each at least as strict as the one below`,
      });
    } else if (hundredths(tier.minPercent) > hundredths(below.minPercent)) {
      stricter = true;
    }

    if (below.requireCore && !tier.requireCore) {
      looser.push({
        path: `${at}.requireCore`,
        message: `false, but ${belowName} requires every core criterion; set requireCore to true`,
      });
    } else if (tier.requireCore && !below.requireCore) {
      stricter = true;
    }

    const missing = below.requiredCriteria.filter((id) => !tier.requiredCriteria.includes(id));
    if (missing.length > 0) {
      looser.push({
        path: `${at}.requiredCriteria`,
        message: `missing ${quotedList(missing)}, required by ${belowName}; a tier must require everything the tier below requires`,
      });
    }
    if (tier.requiredCriteria.some((id) => !below.requiredCriteria.includes(id))) stricter = true;

    const partsCovered = tier.minPartsCovered ?? 0;
    const partsCoveredBelow = below.minPartsCovered ?? 0;
    if (partsCovered < partsCoveredBelow) {
      looser.push({
        path: `${at}.minPartsCovered`,
        message: `${tier.minPartsCovered ?? 'absent (0)'} is lower than ${partsCoveredBelow} in ${belowName}; list tiers lowest first, each at least as strict as the one below`,
      });
    } else if (partsCovered > partsCoveredBelow) {
      stricter = true;
    }

    problems.push(...looser);
    if (looser.length === 0 && !stricter) {
      problems.push({
        path: at,
        message: `same rules as ${belowName}; make it stricter in at least one of minPercent, requireCore, requiredCriteria or minPartsCovered`,
      });
    }
  });
  return problems;
}

function partCoverageProblems(standard: Standard): Problem[] {
  const partCount = standard.parts?.length ?? 0;
  const problems: Problem[] = [];
  standard.tiers.forEach((tier, index) => {
    const required = tier.minPartsCovered ?? 0;
    if (required <= partCount) return;
    problems.push({
      path: `tiers.${index}.minPartsCovered`,
      message:
        partCount === 0
          ? `${required} parts must be covered but the standard has no parts; add parts or remove minPartsCovered`
          : `${required} parts must be covered but the standard has only ${partCount}; lower minPartsCovered or add parts`,
    });
  });
  return problems;
}

function totalPointsProblems(criteria: readonly Criterion[]): Problem[] {
  if (criteria.some((criterion) => criterion.points > 0)) return [];
  return [
    {
      path: 'criteria',
      message:
        'every criterion has 0 points, so no percentage can be computed; give at least one criterion points',
    },
  ];
}

const SINGLE_SOURCE_RELATIONS: readonly LineageRelation[] = ['same', 'reworded', 'split'];

function lineageProblems(standard: Standard, basedOn: Standard | null | undefined): Problem[] {
  if (standard.basedOn === null) {
    return [
      ...firstVersionLineageProblems(standard.criteria),
      ...basedOnMismatchProblems(standard, basedOn ?? undefined),
    ];
  }
  const mismatches =
    basedOn === null ? [missingBasedOnProblem(standard)] : basedOnMismatchProblems(standard, basedOn);
  return [
    ...lineageCountProblems(standard.criteria),
    ...sharedSourceProblems(standard.criteria),
    ...mismatches,
    // Checking `from` ids against the wrong version would only bury the mismatch under noise.
    ...(basedOn && mismatches.length === 0 ? unknownSourceProblems(standard.criteria, basedOn) : []),
  ];
}

function firstVersionLineageProblems(criteria: readonly Criterion[]): Problem[] {
  const problems: Problem[] = [];
  criteria.forEach((criterion, index) => {
    const lineage = criterion.lineage;
    if (!lineage || (lineage.relation === 'new' && lineage.from.length === 0)) return;
    problems.push({
      path: `criteria.${index}.lineage`,
      message: `basedOn is null, so a criterion can only be new: use {"from": [], "relation": "new"}, remove the lineage, or set basedOn`,
    });
  });
  return problems;
}

function missingBasedOnProblem(standard: Standard): Problem {
  return {
    path: 'basedOn',
    message: `version ${standard.basedOn ?? ''} of ${standard.id} does not exist; set basedOn to a published version, whose criteria the lineage names`,
  };
}

function basedOnMismatchProblems(standard: Standard, basedOn: Standard | undefined): Problem[] {
  if (!basedOn) return [];
  if (basedOn.id !== standard.id) {
    return [
      {
        path: 'basedOn',
        message: `lineage was checked against a version of standard ${quoted(basedOn.id)}, not of ${quoted(standard.id)}; supply version ${quoted(standard.basedOn ?? '')} of ${quoted(standard.id)}`,
      },
    ];
  }
  if (basedOn.version !== standard.basedOn) {
    return [
      {
        path: 'basedOn',
        message:
          standard.basedOn === null
            ? `basedOn is null, but version ${quoted(basedOn.version)} was supplied to check lineage against`
            : `basedOn is ${quoted(standard.basedOn)} but lineage was checked against version ${quoted(basedOn.version)}; supply version ${quoted(standard.basedOn)}`,
      },
    ];
  }
  return [];
}

function relationsForSourceCount(count: number): string {
  if (count === 0) return '"new"';
  if (count === 1) return '"same", "reworded" or "split"';
  return '"merged"';
}

function lineageCountProblems(criteria: readonly Criterion[]): Problem[] {
  const problems: Problem[] = [];
  criteria.forEach((criterion, index) => {
    const lineage = criterion.lineage;
    if (!lineage) return;
    const count = lineage.from.length;
    const { expected, fits } =
      lineage.relation === 'new'
        ? { expected: 'no source criteria', fits: count === 0 }
        : lineage.relation === 'merged'
          ? { expected: 'two or more source criteria', fits: count >= 2 }
          : { expected: 'exactly one source criterion', fits: count === 1 };
    if (fits) return;
    problems.push({
      path: `criteria.${index}.lineage.from`,
      message: `${quoted(lineage.relation)} takes ${expected}, found ${count}; with ${count} use ${relationsForSourceCount(count)}`,
    });
  });
  return problems;
}

/**
 * A source criterion may have several successors only when each of them says `split`; two criteria both
 * claiming to be the `same` (or a `reworded`) source would each inherit its responses as if it were the
 * only one. Reported at every claimant after the first.
 */
function sharedSourceProblems(criteria: readonly Criterion[]): Problem[] {
  const claimsBySource = new Map<
    string,
    { index: number; criterion: Criterion; relation: LineageRelation }[]
  >();
  criteria.forEach((criterion, index) => {
    const lineage = criterion.lineage;
    const [source] = lineage?.from ?? [];
    if (!lineage || source === undefined || lineage.from.length !== 1) return;
    if (!SINGLE_SOURCE_RELATIONS.includes(lineage.relation)) return;
    const claims = claimsBySource.get(source) ?? [];
    claims.push({ index, criterion, relation: lineage.relation });
    claimsBySource.set(source, claims);
  });

  const problems: Problem[] = [];
  for (const [source, claims] of claimsBySource) {
    const [first, ...others] = claims;
    if (!first || others.length === 0 || claims.every((claim) => claim.relation === 'split')) continue;
    for (const claim of others) {
      problems.push({
        path: `criteria.${claim.index}.lineage.relation`,
        message: `${quoted(source)} is also the source of ${entryName(first.criterion, 'criterion')} (${quoted(first.relation)}); a criterion with several successors must have each of them say "split"`,
      });
    }
  }
  return problems;
}

function unknownSourceProblems(criteria: readonly Criterion[], basedOn: Standard): Problem[] {
  const sourceIds = new Set(basedOn.criteria.map((criterion) => criterion.id));
  const problems: Problem[] = [];
  criteria.forEach((criterion, index) => {
    criterion.lineage?.from.forEach((id, position) => {
      if (sourceIds.has(id)) return;
      problems.push({
        path: `criteria.${index}.lineage.from.${position}`,
        message: `unknown criterion ${quoted(id)} in version ${quoted(basedOn.version)}, which this version is based on`,
      });
    });
  });
  return problems;
}
