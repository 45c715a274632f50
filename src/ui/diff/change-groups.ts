import { changelogSections } from '../../core/diff/changelog-sections.ts';
import type { ChangeClass, StandardChange, StandardDiff } from '../../core/diff/standard-change.ts';

/**
 * How the diff view lays out a diff (D1, D2): the changes that pass the filters, grouped by class
 * (then by area, as the changelog is) or by area, and within a group the changes of one criterion
 * side by side, so a criterion that was recoded, retitled and reworded reads as one block.
 */

export type GroupBy = 'class' | 'area';

/** The `area` filter value for changes that belong to no area: tier rules, eligibility, the whole standard. */
export const NO_AREA = '(rules)';

export interface ChangeFilter {
  /** Classes shown; a class not in the set is hidden. */
  readonly classes: ReadonlySet<ChangeClass>;
  /** An area id, {@link NO_AREA}, or null for every area. */
  readonly area: string | null;
}

/** A criterion of one of the two versions: a removed criterion's code may belong to another one in the newer. */
export interface CriterionRef {
  readonly id: string;
  readonly side: 'older' | 'newer';
}

/** Consecutive changes about one criterion (`criterion` set), or a single change about several or none. */
export interface CriterionCluster {
  readonly key: string;
  readonly criterion: CriterionRef | null;
  readonly changes: readonly StandardChange[];
}

export interface ChangeGroup {
  /** The area's name or "Tier rules and eligibility"; empty when the section is itself an area. */
  readonly heading: string;
  readonly clusters: readonly CriterionCluster[];
}

export interface ChangeSection {
  readonly key: string;
  readonly heading: string;
  /** The class of every change in the section (class grouping), or null (area grouping). */
  readonly changeClass: ChangeClass | null;
  readonly count: number;
  readonly groups: readonly ChangeGroup[];
}

/** The changes a filter lets through, in the diff's order. */
export function filterChanges(diff: StandardDiff, filter: ChangeFilter): StandardChange[] {
  return diff.changes.filter(
    (change) =>
      filter.classes.has(change.class) && (filter.area === null || (change.area ?? NO_AREA) === filter.area),
  );
}

/** The sections of the view; headings are the changelog's (`changelogSections`), so both read alike. */
export function groupChanges(
  diff: StandardDiff,
  changes: readonly StandardChange[],
  groupBy: GroupBy,
): ChangeSection[] {
  const sections = changelogSections({ ...diff, changes });
  if (groupBy === 'class') {
    return sections.map((section) => ({
      key: section.class,
      heading: section.class,
      changeClass: section.class,
      count: section.count,
      groups: section.groups.map((group) => ({
        heading: group.heading,
        clusters: clustersOf(group.changes),
      })),
    }));
  }
  // By area: the changelog's headings in its order, each with every class's changes in diff order.
  const position = new Map(changes.map((change, index) => [change.id, index]));
  const byHeading = new Map<string, StandardChange[]>();
  for (const section of sections) {
    for (const group of section.groups) {
      byHeading.set(group.heading, [...(byHeading.get(group.heading) ?? []), ...group.changes]);
    }
  }
  const headingRank = (heading: string) =>
    Math.min(...(byHeading.get(heading) ?? []).map((change) => position.get(change.id) ?? 0));
  return [...byHeading.entries()]
    .sort(([a], [b]) => orderOfHeading(diff, a) - orderOfHeading(diff, b) || headingRank(a) - headingRank(b))
    .map(([heading, list]) => {
      const ordered = [...list].sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
      return {
        key: `area:${heading}`,
        heading,
        changeClass: null,
        count: ordered.length,
        groups: [{ heading: '', clusters: clustersOf(ordered) }],
      };
    });
}

/** Standard-wide headings first, then areas in the newer version's order. */
function orderOfHeading(diff: StandardDiff, heading: string): number {
  const index = diff.areas.findIndex((area) => area.name === heading);
  return index < 0 ? -1 : index;
}

/**
 * The one criterion a change is about, by its newer code (older for a removal); null for several or
 * none, and for tier and standard-wide changes (area null), which merely name criteria.
 */
export function criterionOf(change: StandardChange): CriterionRef | null {
  if (change.area === null) return null;
  const { before, after } = change.criteria;
  const [newer] = after;
  const [older] = before;
  if (newer !== undefined && after.length === 1 && before.length <= 1) return { id: newer, side: 'newer' };
  if (older !== undefined && after.length === 0 && before.length === 1) return { id: older, side: 'older' };
  return null;
}

function clustersOf(changes: readonly StandardChange[]): CriterionCluster[] {
  const clusters: { key: string; criterion: CriterionRef | null; changes: StandardChange[] }[] = [];
  for (const change of changes) {
    const criterion = criterionOf(change);
    const last = clusters.at(-1);
    if (
      criterion !== null &&
      last?.criterion?.id === criterion.id &&
      last.criterion.side === criterion.side
    ) {
      last.changes.push(change);
    } else clusters.push({ key: change.id, criterion, changes: [change] });
  }
  return clusters;
}

/**
 * A change's summary under its criterion's heading, without the code the heading already shows:
 * "DM2 statement reworded" → "Statement reworded". Summaries that start otherwise stay whole.
 */
export function summaryUnder(change: StandardChange, criterion: CriterionRef | null): string {
  if (criterion === null || !change.summary.startsWith(`${criterion.id} `)) return change.summary;
  const rest = change.summary.slice(criterion.id.length + 1);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
