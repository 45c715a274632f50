import type * as Y from 'yjs';
import type { DraftRoots } from '../../collab/draft-layout.ts';
import { checklistView, criterionView, namedView, textOf } from '../../collab/record-views.ts';
import { type Placement, orderedEntries } from '../../collab/order-keys.ts';
import type { Standard } from '../../core/standard.ts';

/**
 * The outline: criteria grouped under their areas (or parts), in draft order, and the moves that
 * keyboard and drag-and-drop reordering make. Pure apart from reading Y types: no React, no DOM.
 */

export type OutlineGrouping = 'area' | 'part';

export interface OutlineCriterion {
  readonly key: string;
  readonly code: string;
  readonly title: string;
  readonly area: string;
  readonly part: string | undefined;
  readonly points: number;
  readonly core: boolean;
  readonly checklist: { readonly items: number; readonly minMet: number } | undefined;
}

/** An area or part. */
export interface OutlineSection {
  readonly key: string;
  readonly id: string;
  readonly name: string;
}

export interface OutlineGroup {
  /** The area/part, or undefined for criteria whose area/part is missing or unknown. */
  readonly section: OutlineSection | undefined;
  readonly criteria: readonly OutlineCriterion[];
}

/** Reads the sections (areas or parts) and criteria of a draft, each in draft order. */
export function readOutline(
  roots: Pick<DraftRoots, 'areas' | 'parts' | 'criteria'>,
  grouping: OutlineGrouping,
): { sections: OutlineSection[]; criteria: OutlineCriterion[] } {
  const sections = orderedEntries(grouping === 'area' ? roots.areas : roots.parts).map(({ key, entry }) => {
    const section = namedView(entry);
    return { key, id: section.id ?? '', name: textOf(section.name) };
  });
  const criteria = orderedEntries(roots.criteria).map(({ key, entry }) => readOutlineCriterion(key, entry));
  return { sections, criteria };
}

function readOutlineCriterion(key: string, entry: Y.Map<unknown>): OutlineCriterion {
  const criterion = criterionView(entry);
  const checklist = criterion.checklist ? checklistView(criterion.checklist) : undefined;
  return {
    key,
    code: criterion.id ?? '',
    title: textOf(criterion.title),
    area: criterion.area ?? '',
    part: criterion.part,
    points: criterion.points ?? 0,
    core: criterion.core ?? false,
    checklist: checklist ? { items: checklist.items?.size ?? 0, minMet: checklist.minMet ?? 0 } : undefined,
  };
}

/** The outline of a draft as the session's snapshot reads it, `keys` index for index with its lists. */
export function outlineFromDraft(
  draft: Standard,
  keys: (list: 'areas' | 'parts' | 'criteria') => readonly string[],
  grouping: OutlineGrouping,
): OutlineContent {
  const list = grouping === 'area' ? 'areas' : 'parts';
  const sectionKeys = keys(list);
  const criterionKeys = keys('criteria');
  return {
    sections: (draft[list] ?? []).map((section, index) => ({
      key: sectionKeys[index] ?? '',
      id: section.id,
      name: section.name,
    })),
    criteria: draft.criteria.map((criterion, index) => ({
      key: criterionKeys[index] ?? '',
      code: criterion.id,
      title: criterion.title,
      area: criterion.area,
      part: criterion.part,
      points: criterion.points,
      core: criterion.core,
      checklist: criterion.checklist
        ? { items: criterion.checklist.items.length, minMet: criterion.checklist.minMet }
        : undefined,
    })),
  };
}

/** What the outline lists: sections and criteria, each in draft order. */
export interface OutlineContent {
  readonly sections: readonly OutlineSection[];
  readonly criteria: readonly OutlineCriterion[];
}

/**
 * Whether two outlines show the same: a keystroke in a statement (which the outline does not show)
 * leaves the outline equal, so it does not render again.
 */
export function sameOutline(a: OutlineContent, b: OutlineContent): boolean {
  return (
    a.sections.length === b.sections.length &&
    a.criteria.length === b.criteria.length &&
    a.sections.every((section, index) => shallowEqual(section, b.sections[index])) &&
    a.criteria.every((criterion, index) => {
      const other = b.criteria[index];
      return (
        other !== undefined &&
        shallowEqual({ ...criterion, checklist: undefined }, { ...other, checklist: undefined }) &&
        shallowEqual(criterion.checklist, other.checklist)
      );
    })
  );
}

function shallowEqual(a: object | undefined, b: object | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const aEntries = Object.entries(a);
  return (
    aEntries.length === Object.keys(b).length &&
    aEntries.every(([key, value]) => Object.is(value, (b as Record<string, unknown>)[key]))
  );
}

/**
 * Criteria under their sections, sections in order, criteria in draft order within each. Criteria
 * whose section is unknown (or, grouped by part, absent) come last in a group without a section.
 * With duplicate section ids, criteria go under the first.
 */
export function groupOutline(
  sections: readonly OutlineSection[],
  criteria: readonly OutlineCriterion[],
  grouping: OutlineGrouping,
): OutlineGroup[] {
  const bySection = new Map<string, OutlineCriterion[]>();
  for (const section of sections) if (!bySection.has(section.id)) bySection.set(section.id, []);
  const unplaced: OutlineCriterion[] = [];
  for (const criterion of criteria) {
    const sectionId = grouping === 'area' ? criterion.area : criterion.part;
    const list = sectionId === undefined ? undefined : bySection.get(sectionId);
    if (list) list.push(criterion);
    else unplaced.push(criterion);
  }
  const seen = new Set<string>();
  const groups: OutlineGroup[] = sections.map((section) => {
    const first = !seen.has(section.id);
    seen.add(section.id);
    return { section, criteria: first ? (bySection.get(section.id) ?? []) : [] };
  });
  if (unplaced.length > 0) groups.push({ section: undefined, criteria: unplaced });
  return groups;
}

/** A move to make: put `key` at `placement` in the criteria order and, if given, into section `section`. */
export interface OutlineMove {
  readonly key: string;
  readonly placement: Placement;
  /** The new area (or part) id, when the move crosses into another section. */
  readonly section?: string;
}

/**
 * Where a criterion goes when it is to be the first (`at: 'start'`) or last criterion of group
 * `groupIndex`: next to that group's own criteria, or, in an empty group, right after the criteria
 * of the groups above it (so the draft order follows the outline).
 */
function placementInGroup(
  groups: readonly OutlineGroup[],
  groupIndex: number,
  at: 'start' | 'end',
  moving: string,
): Placement {
  const own = groups[groupIndex]?.criteria.filter((criterion) => criterion.key !== moving) ?? [];
  const first = own[0];
  const last = own[own.length - 1];
  if (at === 'start' && first) return { before: first.key };
  if (at === 'end' && last) return { after: last.key };
  for (let index = groupIndex - 1; index >= 0; index--) {
    const above = groups[index]?.criteria.filter((criterion) => criterion.key !== moving) ?? [];
    const lastAbove = above[above.length - 1];
    if (lastAbove) return { after: lastAbove.key };
  }
  for (let index = groupIndex + 1; index < groups.length; index++) {
    const below = groups[index]?.criteria.filter((criterion) => criterion.key !== moving) ?? [];
    const firstBelow = below[0];
    if (firstBelow) return { before: firstBelow.key };
  }
  return { after: null };
}

function locate(groups: readonly OutlineGroup[], key: string): { group: number; index: number } | undefined {
  for (let group = 0; group < groups.length; group++) {
    const index = groups[group]?.criteria.findIndex((criterion) => criterion.key === key) ?? -1;
    if (index >= 0) return { group, index };
  }
  return undefined;
}

/**
 * The move for Alt+↑ / Alt+↓ on a criterion: one place up or down within its section; past the
 * first or last criterion it crosses into the previous or next section (sections without an id —
 * the unknown group — are skipped). Undefined when there is nowhere to go.
 */
export function planStep(
  groups: readonly OutlineGroup[],
  key: string,
  direction: -1 | 1,
): OutlineMove | undefined {
  const at = locate(groups, key);
  if (!at) return undefined;
  const criteria = groups[at.group]?.criteria ?? [];
  const neighbour = criteria[at.index + direction];
  if (neighbour) {
    return { key, placement: direction < 0 ? { before: neighbour.key } : { after: neighbour.key } };
  }
  for (let group = at.group + direction; group >= 0 && group < groups.length; group += direction) {
    const section = groups[group]?.section;
    if (!section) continue;
    return {
      key,
      placement: placementInGroup(groups, group, direction < 0 ? 'end' : 'start', key),
      section: section.id,
    };
  }
  return undefined;
}

/** Where a dragged criterion was dropped. */
export type DropTarget =
  | { readonly kind: 'criterion'; readonly key: string; readonly side: 'before' | 'after' }
  | { readonly kind: 'section'; readonly groupIndex: number };

/**
 * The move for dropping criterion `key` on `target`: next to a criterion (taking that criterion's
 * section), or onto a section header (last in that section). Undefined when nothing would change or
 * the target is not a real section.
 */
export function planDrop(
  groups: readonly OutlineGroup[],
  key: string,
  target: DropTarget,
): OutlineMove | undefined {
  const from = locate(groups, key);
  if (!from) return undefined;
  if (target.kind === 'section') {
    const section = groups[target.groupIndex]?.section;
    if (!section) return undefined;
    return { key, placement: placementInGroup(groups, target.groupIndex, 'end', key), section: section.id };
  }
  if (target.key === key) return undefined;
  const to = locate(groups, target.key);
  if (!to) return undefined;
  // Dropping just above or below itself changes nothing.
  if (to.group === from.group) {
    const landing = target.side === 'before' ? to.index : to.index + 1;
    if (landing === from.index || landing === from.index + 1) return undefined;
  }
  const section = groups[to.group]?.section;
  const placement: Placement = target.side === 'before' ? { before: target.key } : { after: target.key };
  const sectionId = section?.id;
  const currentSection = groups[from.group]?.section?.id;
  return {
    key,
    placement,
    ...(sectionId !== undefined && sectionId !== currentSection ? { section: sectionId } : {}),
  };
}

/** Section moves (Alt+↑/↓ on an area header): the neighbour to place it before or after. */
export function planSectionStep(
  sections: readonly OutlineSection[],
  key: string,
  direction: -1 | 1,
): Placement | undefined {
  const index = sections.findIndex((section) => section.key === key);
  const neighbour = index < 0 ? undefined : sections[index + direction];
  if (!neighbour) return undefined;
  return direction < 0 ? { before: neighbour.key } : { after: neighbour.key };
}
