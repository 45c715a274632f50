import type { Checklist, Criterion } from '../standard.ts';
import type { CriterionGroup, CriterionPairing } from './criterion-pairing.ts';
import { longestIncreasingRun } from './longest-increasing-run.ts';
import { CRITERION_FIELDS, type ComparedCriterionField } from '../standard-records.ts';
import { COMPARED_CRITERION_FIELDS, criterionFieldChange } from './criterion-field-changes.ts';
import { redline } from './redline.ts';
import type { ChangeDetail } from './standard-change.ts';

/** A change before it is classed and summarised: what it is, where it belongs and what it touches. */
export interface PendingChange {
  readonly detail: ChangeDetail;
  /** Unique within one diff together with the kind, e.g. `DM4`, `gold`, `DG4+DG7>DM3`. */
  readonly key: string;
  readonly area: string | null;
  readonly criteria: { readonly before: readonly string[]; readonly after: readonly string[] };
}

/** What the criterion comparisons need to know about the rest of the diff. */
export interface CriterionContext {
  readonly pairing: CriterionPairing;
  /** Older area / part id → the newer one it lives on as. */
  readonly areaSuccessor: ReadonlyMap<string, string>;
  readonly partSuccessor: ReadonlyMap<string, string>;
}

/**
 * The changes of one group of linked criteria (D1): an addition, a removal, a split, a merge, or one criterion
 * that lived on, compared field by field. Prerequisite ids are compared through the pairing, so a prerequisite
 * that was only recoded is no change.
 */
export function criterionGroupChanges(group: CriterionGroup, context: CriterionContext): PendingChange[] {
  const { before, after } = group;
  const [source] = before;
  const [target] = after;
  if (!source && target) return addedChanges(target);
  if (source && !target) return removedChanges(source, context);
  if (source && target && before.length === 1 && after.length === 1) {
    return pairedChanges(source, target, context);
  }
  return regroupedChanges(before, after, context);
}

function addedChanges(criterion: Criterion): PendingChange[] {
  const at = located(criterion.id, criterion.area, [], [criterion.id]);
  const changes = [at({ kind: 'criterion-added', criterion })];
  if (criterion.core) {
    changes.push(
      at({ kind: 'criterion-core', criterion: criterion.id, before: false, after: true, context: 'added' }),
    );
  }
  return changes;
}

function removedChanges(criterion: Criterion, context: CriterionContext): PendingChange[] {
  const area = context.areaSuccessor.get(criterion.area) ?? criterion.area;
  const at = located(criterion.id, area, [criterion.id], []);
  const changes = [at({ kind: 'criterion-removed', criterion })];
  if (criterion.core) {
    changes.push(
      at({ kind: 'criterion-core', criterion: criterion.id, before: true, after: false, context: 'removed' }),
    );
  }
  return changes;
}

function pairedChanges(before: Criterion, after: Criterion, context: CriterionContext): PendingChange[] {
  const id = after.id;
  const at = located(id, after.area, [before.id], [id]);
  const changes: PendingChange[] = [];
  if (before.id !== id) changes.push(at({ kind: 'criterion-recoded', before: before.id, after: id }));

  if ((context.areaSuccessor.get(before.area) ?? before.area) !== after.area) {
    changes.push(at({ kind: 'criterion-moved-area', criterion: id, before: before.area, after: after.area }));
  }
  const partMove = partMoveOf(before, after, context);
  if (partMove) changes.push(at(partMove));

  for (const name of CRITERION_FIELDS_IN_ORDER) {
    if (isComparedName(name)) {
      const change = criterionFieldChange(name, id, before, after);
      if (change) changes.push(at(change));
    } else if (name in ruledChanges) {
      changes.push(...ruledChanges[name as RuledName](before, after, id, at, context));
    }
  }
  return changes;
}

type RuledName = {
  [Name in keyof typeof CRITERION_FIELDS]: (typeof CRITERION_FIELDS)[Name]['diff'] extends {
    readonly compare: 'rule';
  }
    ? Name
    : never;
}[keyof typeof CRITERION_FIELDS];

const CRITERION_FIELDS_IN_ORDER = Object.keys(CRITERION_FIELDS) as (keyof typeof CRITERION_FIELDS)[];
const isComparedName = (name: string): name is ComparedCriterionField =>
  (COMPARED_CRITERION_FIELDS as readonly string[]).includes(name);

type RuledComparer = (
  before: Criterion,
  after: Criterion,
  id: string,
  at: (detail: ChangeDetail) => PendingChange,
  context: CriterionContext,
) => PendingChange[];

/**
 * The fields the table compares by a rule of their own, one comparer each; placement fields (code, area,
 * part) are reported first, in {@link pairedChanges}. Lineage is how criteria are paired, not a change.
 */
const ruledChanges: Readonly<Record<RuledName, RuledComparer>> = {
  core: (before, after, id, at) =>
    before.core === after.core
      ? []
      : [
          at({
            kind: 'criterion-core',
            criterion: id,
            before: before.core,
            after: after.core,
            context: 'changed',
          }),
        ],
  prerequisites: (before, after, id, at, context) => {
    const changes: PendingChange[] = [];
    const prerequisites = prerequisiteChanges([before], after.prerequisites, [before.id], [id], context);
    if (prerequisites.added.length > 0) {
      changes.push(
        at({ kind: 'criterion-prerequisites-added', criterion: id, prerequisites: prerequisites.added }),
      );
    }
    if (prerequisites.removed.length > 0) {
      changes.push(
        at({ kind: 'criterion-prerequisites-removed', criterion: id, prerequisites: prerequisites.removed }),
      );
    }
    return changes;
  },
  checklist: (before, after, id, at) =>
    checklistChanges(id, before.checklist, after.checklist).map((detail) => {
      const change = at(detail);
      // One criterion can have several reworded items.
      return detail.kind === 'checklist-item-reworded' ? { ...change, key: `${id}/${detail.item}` } : change;
    }),
  evidence: (before, after, id, at) => {
    const evidence = evidenceChange(before.evidence ?? [], after.evidence ?? []);
    return evidence ? [at({ kind: 'criterion-evidence', criterion: id, ...evidence })] : [];
  },
  lineage: () => [],
};

/**
 * A part move worth reporting: not one that only follows its part being added or removed (every criterion of a
 * removed part would otherwise be listed), which the part's own change already says.
 */
function partMoveOf(
  before: Criterion,
  after: Criterion,
  context: CriterionContext,
): ChangeDetail | undefined {
  const carried = before.part === undefined ? undefined : context.partSuccessor.get(before.part);
  if (carried === after.part) return undefined;
  const survivingParts = new Set(context.partSuccessor.values());
  const afterSurvives = after.part !== undefined && survivingParts.has(after.part);
  if (carried === undefined && !afterSurvives) return undefined;
  return {
    kind: 'criterion-moved-part',
    criterion: after.id,
    before: before.part ?? null,
    after: after.part ?? null,
  };
}

/** A split, a merge, or a regrouping: one structural change, plus what it does to the core and prerequisites. */
function regroupedChanges(
  sources: readonly Criterion[],
  targets: readonly Criterion[],
  context: CriterionContext,
): PendingChange[] {
  const [source] = sources;
  const [target] = targets;
  if (!source || !target) return [];
  const sourceIds = sources.map((criterion) => criterion.id);
  const targetIds = targets.map((criterion) => criterion.id);
  const key = `${sourceIds.join('+')}>${targetIds.join('+')}`;
  const group: PendingChange['criteria'] = { before: sourceIds, after: targetIds };
  const detail: ChangeDetail =
    sources.length === 1
      ? { kind: 'criterion-split', source, targets }
      : targets.length === 1
        ? { kind: 'criteria-merged', sources, target }
        : { kind: 'criteria-regrouped', sources, targets };
  const changes: PendingChange[] = [{ detail, key, area: target.area, criteria: group }];

  const wasCore = sources.some((criterion) => criterion.core);
  for (const criterion of targets) {
    const at = located(criterion.id, criterion.area, sourceIds, [criterion.id]);
    if (criterion.core && !wasCore) {
      changes.push(
        at({
          kind: 'criterion-core',
          criterion: criterion.id,
          before: false,
          after: true,
          context: 'regrouped',
        }),
      );
    }
    const { added } = prerequisiteChanges(sources, criterion.prerequisites, sourceIds, targetIds, context);
    if (added.length > 0) {
      changes.push(
        at({ kind: 'criterion-prerequisites-added', criterion: criterion.id, prerequisites: added }),
      );
    }
  }
  const at = located(target.id, target.area, sourceIds, targetIds);
  if (wasCore && !targets.some((criterion) => criterion.core)) {
    changes.push(
      at({ kind: 'criterion-core', criterion: target.id, before: true, after: false, context: 'regrouped' }),
    );
  }
  const allTargetPrerequisites = targets.flatMap((criterion) => criterion.prerequisites);
  const { removed } = prerequisiteChanges(sources, allTargetPrerequisites, sourceIds, targetIds, context);
  if (removed.length > 0) {
    changes.push(
      at({ kind: 'criterion-prerequisites-removed', criterion: target.id, prerequisites: removed }),
    );
  }
  return changes;
}

/**
 * Prerequisites gained and lost, through the pairing: an older prerequisite is kept when one of its successors is
 * still a prerequisite. Criteria of the group itself are left out (a merge absorbs a prerequisite it had).
 */
function prerequisiteChanges(
  sources: readonly Criterion[],
  targetPrerequisites: readonly string[],
  groupBefore: readonly string[],
  groupAfter: readonly string[],
  context: CriterionContext,
): { added: string[]; removed: string[] } {
  const successors = context.pairing.successors;
  const inGroupBefore = new Set(groupBefore);
  const inGroupAfter = new Set(groupAfter);
  const targetSet = new Set(targetPrerequisites);
  const olderPrerequisites = unique(sources.flatMap((criterion) => criterion.prerequisites)).filter(
    (id) => !inGroupBefore.has(id),
  );
  const carried = new Set(olderPrerequisites.flatMap((id) => successors.get(id) ?? []));
  return {
    added: unique(targetPrerequisites).filter((id) => !inGroupAfter.has(id) && !carried.has(id)),
    removed: olderPrerequisites.filter(
      (id) => !(successors.get(id) ?? []).some((next) => targetSet.has(next)),
    ),
  };
}

function checklistChanges(
  criterion: string,
  before: Checklist | undefined,
  after: Checklist | undefined,
): ChangeDetail[] {
  if (!before && !after) return [];
  if (!before && after) return [{ kind: 'checklist-added', criterion, checklist: after }];
  if (before && !after) return [{ kind: 'checklist-removed', criterion, checklist: before }];
  if (!before || !after) return [];
  const changes: ChangeDetail[] = [];
  if (before.minMet !== after.minMet) {
    changes.push({
      kind: 'checklist-min-met',
      criterion,
      before: before.minMet,
      after: after.minMet,
      items: after.items.length,
    });
  }
  const beforeItems = new Map(before.items.map((item) => [item.id, item]));
  const afterIds = new Set(after.items.map((item) => item.id));
  const added = after.items.filter((item) => !beforeItems.has(item.id));
  const removed = before.items.filter((item) => !afterIds.has(item.id));
  if (added.length > 0) changes.push({ kind: 'checklist-items-added', criterion, items: added });
  if (removed.length > 0) changes.push({ kind: 'checklist-items-removed', criterion, items: removed });
  for (const item of after.items) {
    const old = beforeItems.get(item.id);
    if (old && old.text !== item.text) {
      changes.push({
        kind: 'checklist-item-reworded',
        criterion,
        item: item.id,
        before: old.text,
        after: item.text,
        redline: redline(old.text, item.text),
      });
    }
  }
  return changes;
}

/** Documents added and removed, compared as lists of text (a reordering alone is no change). */
function evidenceChange(
  before: readonly string[],
  after: readonly string[],
): { added: string[]; removed: string[] } | undefined {
  const remaining = new Map<string, number>();
  for (const text of before) remaining.set(text, (remaining.get(text) ?? 0) + 1);
  const added: string[] = [];
  for (const text of after) {
    const left = remaining.get(text) ?? 0;
    if (left > 0) remaining.set(text, left - 1);
    else added.push(text);
  }
  const removed = before.filter((text) => {
    const left = remaining.get(text) ?? 0;
    if (left === 0) return false;
    remaining.set(text, left - 1);
    return true;
  });
  return added.length > 0 || removed.length > 0 ? { added, removed } : undefined;
}

/**
 * Criteria whose position among the criteria of their area changed (D1 "moved: order"), for criteria that
 * lived on in the same area (a criterion that changed area is already a move). Only the criteria outside the
 * longest run that kept its relative order are reported, so one insertion moves nothing.
 */
export function orderMoves(
  olderCriteria: readonly Criterion[],
  newerCriteria: readonly Criterion[],
  context: CriterionContext,
): PendingChange[] {
  const olderById = new Map(olderCriteria.map((criterion) => [criterion.id, criterion]));
  const olderPosition = positionsInArea(olderCriteria);
  const newerPosition = positionsInArea(newerCriteria);
  const stayedByArea = new Map<string, { before: Criterion; after: Criterion }[]>();
  for (const after of newerCriteria) {
    const from = context.pairing.predecessors.get(after.id) ?? [];
    const [onlyFrom] = from;
    const before = from.length === 1 && onlyFrom !== undefined ? olderById.get(onlyFrom) : undefined;
    if (!before || context.pairing.successors.get(before.id)?.length !== 1) continue;
    if ((context.areaSuccessor.get(before.area) ?? before.area) !== after.area) continue;
    const list = stayedByArea.get(after.area);
    if (list) list.push({ before, after });
    else stayedByArea.set(after.area, [{ before, after }]);
  }
  const moves: PendingChange[] = [];
  for (const [area, stayed] of stayedByArea) {
    const kept = longestIncreasingRun(stayed.map(({ before }) => olderPosition.get(before.id) ?? 0));
    stayed.forEach(({ before, after }, index) => {
      if (kept.has(index)) return;
      moves.push(
        located(
          after.id,
          area,
          [before.id],
          [after.id],
        )({
          kind: 'criterion-moved-order',
          criterion: after.id,
          area,
          before: (olderPosition.get(before.id) ?? 0) + 1,
          after: (newerPosition.get(after.id) ?? 0) + 1,
        }),
      );
    });
  }
  return moves;
}

function positionsInArea(criteria: readonly Criterion[]): Map<string, number> {
  const counts = new Map<string, number>();
  const positions = new Map<string, number>();
  for (const criterion of criteria) {
    const position = counts.get(criterion.area) ?? 0;
    positions.set(criterion.id, position);
    counts.set(criterion.area, position + 1);
  }
  return positions;
}

function located(
  key: string,
  area: string,
  before: readonly string[],
  after: readonly string[],
): (detail: ChangeDetail) => PendingChange {
  return (detail) => ({ detail, key, area, criteria: { before, after } });
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
