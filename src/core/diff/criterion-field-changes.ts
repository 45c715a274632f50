import { CRITERION_FIELDS, type ComparedCriterionField, type FieldDiff } from '../standard-records.ts';
import type { Criterion } from '../standard.ts';
import { redline } from './redline.ts';
import type { ChangeClass, ChangeDetail, CriterionFieldChange, RedlineSegment } from './standard-change.ts';

/**
 * The criterion fields that the field table compares generically (`values`, `redline`): their change, its
 * class (D2), its summary line and its detail lines all follow from the field's row, so a new text field
 * of a criterion is diffed, classed and shown without code here.
 */

type CompareDiff = Extract<FieldDiff, { readonly compare: 'values' | 'redline' }>;

/** The generically compared fields, in table order. */
export const COMPARED_CRITERION_FIELDS: readonly ComparedCriterionField[] = (
  Object.keys(CRITERION_FIELDS) as (keyof typeof CRITERION_FIELDS)[]
).filter((name): name is ComparedCriterionField => isCompared(CRITERION_FIELDS[name].diff));

function isCompared(diff: FieldDiff): diff is CompareDiff {
  return diff.compare === 'values' || diff.compare === 'redline';
}

/** The change of field `name` between two versions of criterion `criterion`, if it changed. */
export function criterionFieldChange(
  name: ComparedCriterionField,
  criterion: string,
  before: Criterion,
  after: Criterion,
): CriterionFieldChange | undefined {
  const was = before[name] ?? null;
  const now = after[name] ?? null;
  if (was === now) return undefined;
  const change = { kind: `criterion-${name}`, criterion, before: was, after: now };
  const diff = CRITERION_FIELDS[name].diff;
  // The mapped union cannot be built field by field; the row of `name` decides which member this is.
  return (
    diff.compare === 'redline'
      ? { ...change, redline: redline(String(was ?? ''), String(now ?? '')) }
      : change
  ) as CriterionFieldChange;
}

/** Whether a change is one of a generically compared criterion field. */
export function isCriterionFieldChange(detail: ChangeDetail): detail is CriterionFieldChange {
  const name = fieldNameOf(detail.kind);
  return name !== undefined && isCompared(CRITERION_FIELDS[name].diff);
}

function fieldNameOf(kind: string): keyof typeof CRITERION_FIELDS | undefined {
  if (!kind.startsWith('criterion-')) return undefined;
  const name = kind.slice('criterion-'.length);
  return Object.hasOwn(CRITERION_FIELDS, name) ? (name as keyof typeof CRITERION_FIELDS) : undefined;
}

function diffOf(change: CriterionFieldChange): CompareDiff {
  return CRITERION_FIELDS[change.kind.slice('criterion-'.length) as ComparedCriterionField].diff;
}

function labelOf(change: CriterionFieldChange): string {
  return CRITERION_FIELDS[change.kind.slice('criterion-'.length) as ComparedCriterionField].label;
}

/** D2: the class the field's row gives (editorial text, reweighting points). */
export function criterionFieldClass(change: CriterionFieldChange): ChangeClass {
  return diffOf(change).class;
}

/** "DM2 title “A” → “B”", "DM2 points 2 → 3", "DM2 statement reworded", "DM2 notes added". */
export function criterionFieldSummary(change: CriterionFieldChange): string {
  const { criterion, before, after } = change;
  const label = labelOf(change);
  if (diffOf(change).compare === 'redline') {
    const how = before === null ? 'added' : after === null ? 'removed' : 'reworded';
    return `${criterion} ${label} ${how}`;
  }
  const show = (value: unknown) => (typeof value === 'string' ? `“${value}”` : String(value));
  return `${criterion} ${label} ${show(before)} → ${show(after)}`;
}

/** The redline under the summary, for fields whose row asks for it (statements, not provenance notes). */
export function criterionFieldRedline(change: CriterionFieldChange): readonly RedlineSegment[] | undefined {
  const diff = diffOf(change);
  return diff.compare === 'redline' && diff.detail && 'redline' in change ? change.redline : undefined;
}

/** Whether a change is one of a criterion's rich-text fields (a statement), whose text is Markdown. */
export function isRichTextFieldChange(detail: ChangeDetail): detail is CriterionFieldChange {
  const name = fieldNameOf(detail.kind);
  return name !== undefined && CRITERION_FIELDS[name].form === 'rich-text';
}
