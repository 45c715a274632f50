import { criterionFieldRedline, isCriterionFieldChange } from './criterion-field-changes.ts';
import {
  CHANGE_CLASSES,
  type ChangeClass,
  type RedlineSegment,
  type StandardChange,
  type StandardDiff,
} from './standard-change.ts';

/**
 * How a diff is laid out for reading, shared by the Markdown changelog and the CLI's text: changes grouped by
 * class (D2), then by heading (the area, or tier rules / parts / the whole standard), each with detail lines.
 */

/** Headings of the classes. */
export const CLASS_TITLES: Readonly<Record<ChangeClass, string>> = {
  tightening: 'Tightening',
  loosening: 'Loosening',
  reweighting: 'Reweighting',
  editorial: 'Editorial',
};

/** What each class means for an applicant, in one sentence. */
export const CLASS_MEANINGS: Readonly<Record<ChangeClass, string>> = {
  tightening: "can only keep or lower an applicant's tier",
  loosening: "can only keep or raise an applicant's tier",
  reweighting: 'raises some applicants and lowers others, depending on their responses',
  editorial: 'wording, codes and arrangement only; no effect on any score',
};

/** One class of a changelog: its changes grouped under headings, in reading order. */
export interface ChangelogSection {
  readonly class: ChangeClass;
  readonly groups: readonly { readonly heading: string; readonly changes: readonly StandardChange[] }[];
  readonly count: number;
}

const RULES_HEADING = 'Tier rules and eligibility';
const WHOLE_HEADING = 'Whole standard';
const PARTS_HEADING = 'Parts';

/** The non-empty classes in D2 order, each with its changes grouped by heading in reading order. */
export function changelogSections(diff: StandardDiff): ChangelogSection[] {
  const areaName = new Map(diff.areas.map((area) => [area.id, area.name]));
  const headings = [WHOLE_HEADING, RULES_HEADING, PARTS_HEADING, ...diff.areas.map((area) => area.name)];
  const headingOf = (change: StandardChange): string => {
    if (change.area !== null) return areaName.get(change.area) ?? change.area;
    if (change.kind.startsWith('part-')) return PARTS_HEADING;
    if (change.kind === 'standard-title' || change.kind === 'standard-notes') return WHOLE_HEADING;
    return RULES_HEADING;
  };
  return CHANGE_CLASSES.flatMap((name) => {
    const changes = diff.changes.filter((change) => change.class === name);
    if (changes.length === 0) return [];
    const byHeading = new Map<string, StandardChange[]>();
    for (const change of changes) {
      const heading = headingOf(change);
      const list = byHeading.get(heading);
      if (list) list.push(change);
      else byHeading.set(heading, [change]);
    }
    const order = (heading: string) => {
      const index = headings.indexOf(heading);
      return index < 0 ? headings.length : index;
    };
    const groups = [...byHeading]
      .sort(([a], [b]) => order(a) - order(b))
      .map(([heading, list]) => ({ heading, changes: list }));
    return [{ class: name, groups, count: changes.length }];
  });
}

/** A line under a change's summary: plain text, a redline, or a text only the older / newer version has. */
export type DetailLine =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'redline'; readonly segments: readonly RedlineSegment[] }
  | { readonly kind: 'removed' | 'added'; readonly text: string };

/**
 * What a reader needs beyond the summary: the redline of a reworded statement or checklist item, the statement
 * of a new criterion, the criteria of a split or merge, the documents and items added or removed. Notes are
 * provenance for the committee, not rules: they are listed in the summary only.
 */
export function detailLines(change: StandardChange): DetailLine[] {
  const criterionLine = (
    kind: 'removed' | 'added',
    criterion: { id: string; title: string; points: number },
  ): DetailLine => ({
    kind,
    text: `${criterion.id} ${criterion.title} (${criterion.points === 1 ? '1 point' : `${criterion.points} points`})`,
  });
  if (isCriterionFieldChange(change)) {
    const segments = criterionFieldRedline(change);
    return segments ? [{ kind: 'redline', segments }] : [];
  }
  switch (change.kind) {
    case 'checklist-item-reworded':
      return [{ kind: 'redline', segments: change.redline }];
    case 'criterion-added':
      return change.criterion.statement === '' ? [] : [{ kind: 'text', text: change.criterion.statement }];
    case 'criterion-split':
      return [
        criterionLine('removed', change.source),
        ...change.targets.map((target) => criterionLine('added', target)),
      ];
    case 'criteria-merged':
      return [
        ...change.sources.map((source) => criterionLine('removed', source)),
        criterionLine('added', change.target),
      ];
    case 'criteria-regrouped':
      return [
        ...change.sources.map((source) => criterionLine('removed', source)),
        ...change.targets.map((target) => criterionLine('added', target)),
      ];
    case 'criterion-evidence':
      return [
        ...change.removed.map((text) => ({ kind: 'removed' as const, text })),
        ...change.added.map((text) => ({ kind: 'added' as const, text })),
      ];
    case 'checklist-items-added':
      return change.items.map((item) => ({ kind: 'added' as const, text: `${item.id}: ${item.text}` }));
    case 'checklist-items-removed':
      return change.items.map((item) => ({ kind: 'removed' as const, text: `${item.id}: ${item.text}` }));
    default:
      return [];
  }
}
