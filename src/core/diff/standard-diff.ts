import type { Standard } from '../standard.ts';
import { classContextOf, classifyChange } from './change-class.ts';
import { summarizeChange, summaryNamesOf } from './change-summary.ts';
import { type PendingChange, criterionGroupChanges, orderMoves } from './criterion-changes.ts';
import { type CriterionPairing, pairCriteria } from './criterion-pairing.ts';
import { diffEntries } from './entry-changes.ts';
import { ruleChanges } from './rule-changes.ts';
import {
  CHANGE_CLASSES,
  type ChangeDetail,
  type ChangeClass,
  type StandardChange,
  type StandardDiff,
  diffSideOf,
} from './standard-change.ts';

/**
 * The structural diff of two versions of a standard (D1), every change classed (D2).
 *
 * Criteria are keyed by id, never by position. When `newer` is based on `older`, each newer criterion's
 * `lineage` pairs it with its source, so a criterion carried over under a new code reads as one change ("DG1 is
 * now DM2"), a split as "GM2 split into LC4, LC5", a merge as "DG4, DG7 merged into DM3". When the versions are
 * further apart, lineage is composed along the `basedOn` chain if `versions` holds every version in between;
 * otherwise criteria pair by id. Pure: no IO, and only changed texts are redlined.
 *
 * @param versions Other versions of the standard by label, for composing lineage across several steps.
 */
export function diffStandards(
  older: Standard,
  newer: Standard,
  versions?: ReadonlyMap<string, Standard>,
): StandardDiff {
  const pairing = pairCriteria(older, newer, versions);
  const areas = diffEntries('area', older.areas, newer.areas, older.criteria, newer.criteria, pairing);
  const parts = diffEntries(
    'part',
    older.parts ?? [],
    newer.parts ?? [],
    older.criteria,
    newer.criteria,
    pairing,
  );
  const context = { pairing, areaSuccessor: areas.successor, partSuccessor: parts.successor };

  const none = { before: [], after: [] };
  const wholeStandard: PendingChange[] = [
    ...ruleChanges(older, newer, pairing),
    ...areas.details.map((detail) => ({
      detail,
      key: entryIdOf(detail),
      area: entryIdOf(detail),
      criteria: none,
    })),
    ...parts.details.map((detail) => ({ detail, key: entryIdOf(detail), area: null, criteria: none })),
  ];
  const criterionChanges = [
    ...pairing.groups.flatMap((group) => criterionGroupChanges(group, context)),
    ...orderMoves(older.criteria, newer.criteria, context),
  ];
  const position = criterionPositions(older, newer, pairing, areas.successor);
  const sortKey = (change: PendingChange) =>
    Math.min(
      ...change.criteria.after.map((id) => position.newer.get(id) ?? Infinity),
      ...change.criteria.before.map((id) => position.older.get(id) ?? Infinity),
    );
  // Array.prototype.sort is stable: a criterion's own changes keep the order they were found in.
  criterionChanges.sort((a, b) => sortKey(a) - sortKey(b));

  const classContext = classContextOf(older, newer);
  const names = summaryNamesOf(older, newer, pairing.successors);
  const changes: StandardChange[] = [...wholeStandard, ...criterionChanges].map(
    ({ detail, key, area, criteria }) => ({
      id: key === '' ? detail.kind : `${detail.kind}:${key}`,
      class: classifyChange(detail, classContext),
      area,
      criteria,
      summary: summarizeChange(detail, names),
      ...detail,
    }),
  );

  const counts = Object.fromEntries(CHANGE_CLASSES.map((name) => [name, 0])) as Record<ChangeClass, number>;
  for (const change of changes) counts[change.class]++;
  const newerAreaIds = new Set(newer.areas.map((area) => area.id));
  const newerTierIds = new Set(newer.tiers.map((tier) => tier.id));
  return {
    standard: newer.id,
    older: diffSideOf(older),
    newer: diffSideOf(newer),
    pairing: pairing.method,
    areas: [
      ...newer.areas,
      ...older.areas.filter((area) => !newerAreaIds.has(area.id) && !areas.successor.has(area.id)),
    ],
    tiers: [
      ...newer.tiers.map(({ id, name }) => ({ id, name })),
      ...older.tiers.filter((tier) => !newerTierIds.has(tier.id)).map(({ id, name }) => ({ id, name })),
    ],
    counts,
    changes,
  };
}

/** The newer id of the area or part an entry change is about. */
function entryIdOf(detail: ChangeDetail): string {
  if ('entry' in detail) return detail.entry.id;
  if (detail.kind === 'area-renamed' || detail.kind === 'part-renamed') return detail.after.id;
  return '';
}

/**
 * Where each criterion sorts: a newer criterion at its index, an older one at the index of its first successor,
 * and a removed one after the last criterion of the area it belonged to (in older order), so that removals
 * close their area's list.
 */
function criterionPositions(
  older: Standard,
  newer: Standard,
  pairing: CriterionPairing,
  areaSuccessor: ReadonlyMap<string, string>,
): { older: Map<string, number>; newer: Map<string, number> } {
  const newerPosition = new Map(newer.criteria.map((criterion, index) => [criterion.id, index]));
  const lastInArea = new Map<string, number>();
  newer.criteria.forEach((criterion, index) => lastInArea.set(criterion.area, index));
  const olderPosition = new Map<string, number>();
  older.criteria.forEach((criterion, index) => {
    const successors = pairing.successors.get(criterion.id) ?? [];
    const fraction = (index + 1) / (older.criteria.length + 1);
    if (successors.length > 0) {
      olderPosition.set(criterion.id, Math.min(...successors.map((id) => newerPosition.get(id) ?? Infinity)));
    } else {
      const last = lastInArea.get(areaSuccessor.get(criterion.area) ?? criterion.area);
      olderPosition.set(criterion.id, (last ?? newer.criteria.length) + fraction);
    }
  });
  return { older: olderPosition, newer: newerPosition };
}
