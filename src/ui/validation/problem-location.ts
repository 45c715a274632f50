import {
  CRITERION_FIELDS,
  NAMED_FIELDS,
  type RecordTable,
  TIER_FIELDS,
} from '../../core/standard-records.ts';
import { STANDARD_FIELDS } from '../../core/standard.ts';

/**
 * Where a validation problem lives in the editor (C5): a problem's path (`criteria.3.prerequisites.0`,
 * `tiers.1.minPercent`, …, as zod and `validateStandard` report it) → the panel to open, the entry to
 * select and the field to focus. Paths index the lists in draft order, so the caller passes the keys
 * in that order, read from the same state the problems were computed from.
 */

/** Internal keys of each list, in draft order. */
export interface DraftKeys {
  readonly criteria: readonly string[];
  readonly tiers: readonly string[];
  readonly areas: readonly string[];
  readonly parts: readonly string[];
}

export type ProblemTarget =
  | { readonly panel: 'criterion'; readonly criterionKey: string; readonly focusId: string }
  | { readonly panel: 'tiers'; readonly focusId: string }
  | { readonly panel: 'settings'; readonly focusId: string }
  | { readonly panel: 'outline' };

/** Criterion fields: each has its own control; deeper paths focus the control of their first segment. */
const CRITERION_FIELD_NAMES: ReadonlySet<string> = new Set(Object.keys(CRITERION_FIELDS));

const TIER_FIELD_NAMES: ReadonlySet<string> = new Set(Object.keys(TIER_FIELDS));

/** The `data-focus-id` of a criterion panel control (one criterion is shown at a time). */
export const criterionFocusId = (field: string): string => `criterion.${field}`;
/** The `data-focus-id` of a tier control. */
export const tierFocusId = (tierKey: string, field: string): string => `tier.${tierKey}.${field}`;
/** The `data-focus-id` of a settings control (`title`, `areas.<key>.name`, …). */
export const settingsFocusId = (field: string): string => `settings.${field}`;

function indexAt(segments: readonly string[], position: number): number | undefined {
  const segment = segments[position];
  if (segment === undefined || !/^\d+$/.test(segment)) return undefined;
  return Number(segment);
}

/** Where the problem at `path` is fixed. Unknown or out-of-range paths fall back to a sensible panel. */
export function locateProblem(path: string, keys: DraftKeys): ProblemTarget {
  const segments = path === '' ? [] : path.split('.');
  const [list, , field] = segments;
  const index = indexAt(segments, 1);
  if (list === 'criteria') {
    const criterionKey = index === undefined ? undefined : keys.criteria[index];
    if (criterionKey === undefined) return { panel: 'outline' };
    const target =
      field !== undefined && CRITERION_FIELD_NAMES.has(field) ? criterionField(segments) : 'title';
    return { panel: 'criterion', criterionKey, focusId: criterionFocusId(target) };
  }
  if (list === 'tiers') {
    const tierKey = index === undefined ? undefined : keys.tiers[index];
    if (tierKey === undefined) return { panel: 'tiers', focusId: 'tiers' };
    return {
      panel: 'tiers',
      focusId: tierFocusId(tierKey, field !== undefined && TIER_FIELD_NAMES.has(field) ? field : 'name'),
    };
  }
  if (list === 'areas' || list === 'parts') {
    const entryKey = index === undefined ? undefined : keys[list][index];
    if (entryKey === undefined) return { panel: 'settings', focusId: settingsFocusId(list) };
    return {
      panel: 'settings',
      focusId: settingsFocusId(`${list}.${entryKey}.${field === 'id' ? 'id' : 'name'}`),
    };
  }
  if (list === 'eligibility')
    return { panel: 'settings', focusId: settingsFocusId('eligibility.minPopulation') };
  if (list === 'title' || list === 'version' || list === 'partCoveragePercent' || list === 'notes') {
    return { panel: 'settings', focusId: settingsFocusId(list) };
  }
  return { panel: 'settings', focusId: settingsFocusId('title') };
}

/** `checklist.minMet` and `lineage.from`/`lineage.relation` have their own controls; other deep paths stop at the field. */
function criterionField(segments: readonly string[]): string {
  const field = segments[2] ?? 'title';
  const sub = segments[3];
  if (field === 'checklist' && sub === 'minMet') return 'checklist.minMet';
  if (field === 'lineage' && (sub === 'from' || sub === 'relation')) return `lineage.${sub}`;
  return field;
}

/** Human names for the fields a problem can be about, for the problem list: the field tables' labels. */
const FIELD_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  [NAMED_FIELDS, TIER_FIELDS, CRITERION_FIELDS].flatMap((table: RecordTable) =>
    Object.entries(table).map(([name, spec]) => [name, spec.label]),
  ),
);

/**
 * A short label for where a problem is, e.g. `DM2 · code` or `Gold · minimum %`, given how the
 * draft names its criteria, tiers, areas and parts (in draft order).
 */
export function problemPlace(
  path: string,
  names: {
    criteria: readonly string[];
    tiers: readonly string[];
    areas: readonly string[];
    parts: readonly string[];
  },
): string {
  const segments = path === '' ? [] : path.split('.');
  const [list, , field] = segments;
  const index = indexAt(segments, 1);
  const fieldLabel = field === undefined ? undefined : (FIELD_LABELS[field] ?? field);
  if (
    (list === 'criteria' || list === 'tiers' || list === 'areas' || list === 'parts') &&
    index !== undefined
  ) {
    const name = names[list][index] || `${SINGULAR[list]} ${index + 1}`;
    return fieldLabel === undefined ? name : `${name} · ${fieldLabel}`;
  }
  if (list === undefined) return 'Standard';
  return STANDARD_FIELD_LABELS[list] ?? list;
}

const SINGULAR = { criteria: 'criterion', tiers: 'tier', areas: 'area', parts: 'part' } as const;

/** The standard's own fields, labelled as a heading ("Version label", "Part coverage"). */
const STANDARD_FIELD_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(STANDARD_FIELDS).map(([name, spec]) => [
    name,
    spec.label.charAt(0).toUpperCase() + spec.label.slice(1),
  ]),
);
