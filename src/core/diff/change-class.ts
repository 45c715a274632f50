import type { Standard } from '../standard.ts';
import { criterionFieldClass, isCriterionFieldChange } from './criterion-field-changes.ts';
import type { ChangeClass, ChangeDetail } from './standard-change.ts';

/** What classing a change needs to know about the two versions. */
export interface ClassContext {
  /** Some tier of either version needs parts covered, so which part a criterion is in can change a tier. */
  readonly partsMatter: boolean;
}

/** The class context of a diff between `older` and `newer`. */
export function classContextOf(older: Standard, newer: Standard): ClassContext {
  const usesParts = (standard: Standard) => standard.tiers.some((tier) => (tier.minPartsCovered ?? 0) > 0);
  return { partsMatter: usesParts(older) || usesParts(newer) };
}

/**
 * D2: the class of one change, judged for the change alone with every other rule held fixed.
 *
 * - `tightening`: can only keep or lower every applicant's tier — a threshold, `minMet`, `minPartsCovered`,
 *   `partCoveragePercent` or minimum population up; a new core criterion, required criterion or prerequisite;
 *   a checklist item removed (fewer ways to reach `minMet`); a tier removed.
 * - `loosening`: the reverse of each.
 * - `reweighting`: raises some applicants and lowers others — points changed, a criterion added or removed,
 *   split, merged or regrouped, a checklist added to or taken from a criterion, and, when some tier needs parts
 *   covered, a criterion moved between parts or a part added or removed.
 * - `editorial`: text and arrangement only — titles, statements, names, codes, evidence text, notes, order.
 *
 * Criterion fields compared generically take the class of their row in the field table.
 */
export function classifyChange(detail: ChangeDetail, context: ClassContext): ChangeClass {
  if (isCriterionFieldChange(detail)) return criterionFieldClass(detail);
  switch (detail.kind) {
    case 'eligibility-min-population':
    case 'part-coverage-percent':
    case 'tier-min-percent':
    case 'tier-min-parts-covered':
    case 'checklist-min-met':
      return detail.after > detail.before ? 'tightening' : 'loosening';
    case 'tier-require-core':
    case 'criterion-core':
      return detail.after ? 'tightening' : 'loosening';
    case 'tier-required-added':
    case 'criterion-prerequisites-added':
    case 'checklist-items-removed':
    case 'tier-removed':
      return 'tightening';
    case 'tier-required-removed':
    case 'criterion-prerequisites-removed':
    case 'checklist-items-added':
    case 'tier-added':
      return 'loosening';
    case 'criterion-added':
    case 'criterion-removed':
    case 'criterion-split':
    case 'criteria-merged':
    case 'criteria-regrouped':
    case 'checklist-added':
    case 'checklist-removed':
      return 'reweighting';
    case 'criterion-moved-part':
    case 'part-added':
    case 'part-removed':
      return context.partsMatter ? 'reweighting' : 'editorial';
    case 'standard-title':
    case 'standard-notes':
    case 'area-added':
    case 'area-removed':
    case 'area-renamed':
    case 'area-moved':
    case 'part-renamed':
    case 'part-moved':
    case 'tier-renamed':
    case 'criterion-recoded':
    case 'criterion-moved-area':
    case 'criterion-moved-order':
    case 'checklist-item-reworded':
    case 'criterion-evidence':
      return 'editorial';
  }
}
