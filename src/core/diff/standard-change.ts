import type { CRITERION_FIELDS, ComparedCriterionField } from '../standard-records.ts';
import type { Checklist, Criterion, Standard, StandardStatus, Tier } from '../standard.ts';

/** One item of a criterion's checklist. */
export type ChecklistItem = Checklist['items'][number];

/**
 * The shape of a diff between two versions of a standard (D1–D2): every change one record with a kind,
 * a class, the criteria it touches and the before/after values a reader or a UI needs.
 */

/** D2: what a change can do to an applicant's tier. */
export const CHANGE_CLASSES = ['tightening', 'loosening', 'reweighting', 'editorial'] as const;
export type ChangeClass = (typeof CHANGE_CLASSES)[number];

/** One piece of a word-level redline: text both versions share, or text only the older / newer one has. */
export interface RedlineSegment {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
}

/** One side of a compared criterion field: an optional field that is absent is `null`. */
type FieldSide<Name extends keyof Criterion> = undefined extends Criterion[Name]
  ? Exclude<Criterion[Name], undefined> | null
  : Criterion[Name];

/**
 * A change of one criterion field that the field table compares generically (`values` or `redline`):
 * `criterion-title`, `criterion-statement`, `criterion-points`, `criterion-notes`, … A redlined field
 * carries its word-level redline.
 */
export type CriterionFieldChange = {
  [Name in ComparedCriterionField]: {
    readonly kind: `criterion-${Name}`;
    readonly criterion: string;
    readonly before: FieldSide<Name>;
    readonly after: FieldSide<Name>;
  } & ((typeof CRITERION_FIELDS)[Name]['diff'] extends { readonly compare: 'redline' }
    ? { readonly redline: readonly RedlineSegment[] }
    : unknown);
}[ComparedCriterionField];

/** An area or a part as it stands in one version. */
export interface NamedEntry {
  readonly id: string;
  readonly name: string;
}

/**
 * What changed, discriminated by `kind`. Criterion ids are the newer version's (`criterion`), except where a
 * field says otherwise; ids of the older version appear only in removals and in `before` of a recode.
 */
export type ChangeDetail =
  | { readonly kind: 'standard-title'; readonly before: string; readonly after: string }
  | {
      readonly kind: 'standard-notes';
      readonly before: string | null;
      readonly after: string | null;
      readonly redline: readonly RedlineSegment[];
    }
  | { readonly kind: 'eligibility-min-population'; readonly before: number; readonly after: number }
  | { readonly kind: 'part-coverage-percent'; readonly before: number; readonly after: number }
  | { readonly kind: 'area-added' | 'part-added'; readonly entry: NamedEntry }
  | { readonly kind: 'area-removed' | 'part-removed'; readonly entry: NamedEntry }
  | {
      readonly kind: 'area-renamed' | 'part-renamed';
      readonly before: NamedEntry;
      readonly after: NamedEntry;
      /**
       * Set when the id changed too: the rename is inferred from lineage, because most criteria of the old
       * entry went to the new one and most carried-over criteria of the new one came from the old one.
       * `count` of the old entry's `of` criteria have a successor in the new one.
       */
      readonly carried: { readonly count: number; readonly of: number } | null;
    }
  | {
      readonly kind: 'area-moved' | 'part-moved';
      readonly entry: NamedEntry;
      /** 1-based positions in each version's list. */
      readonly before: number;
      readonly after: number;
    }
  | { readonly kind: 'tier-added'; readonly tier: Tier }
  | { readonly kind: 'tier-removed'; readonly tier: Tier }
  | { readonly kind: 'tier-renamed'; readonly tier: string; readonly before: string; readonly after: string }
  | {
      readonly kind: 'tier-min-percent';
      readonly tier: string;
      readonly before: number;
      readonly after: number;
    }
  | {
      readonly kind: 'tier-require-core';
      readonly tier: string;
      readonly before: boolean;
      readonly after: boolean;
    }
  /** Criteria the tier newly requires, newer ids. */
  | { readonly kind: 'tier-required-added'; readonly tier: string; readonly required: readonly string[] }
  /** Criteria the tier no longer requires, older ids (their successors, if any, are not required). */
  | { readonly kind: 'tier-required-removed'; readonly tier: string; readonly required: readonly string[] }
  | {
      readonly kind: 'tier-min-parts-covered';
      readonly tier: string;
      /** An absent `minPartsCovered` reads as 0. */
      readonly before: number;
      readonly after: number;
    }
  | { readonly kind: 'criterion-added'; readonly criterion: Criterion }
  | { readonly kind: 'criterion-removed'; readonly criterion: Criterion }
  /** The same criterion under a new code (lineage `same` / `reworded` from a different id). */
  | { readonly kind: 'criterion-recoded'; readonly before: string; readonly after: string }
  | { readonly kind: 'criterion-split'; readonly source: Criterion; readonly targets: readonly Criterion[] }
  | { readonly kind: 'criteria-merged'; readonly sources: readonly Criterion[]; readonly target: Criterion }
  /** Several criteria became several others (a split and a merge that share criteria). */
  | {
      readonly kind: 'criteria-regrouped';
      readonly sources: readonly Criterion[];
      readonly targets: readonly Criterion[];
    }
  | {
      readonly kind: 'criterion-moved-area';
      readonly criterion: string;
      readonly before: string;
      readonly after: string;
    }
  | {
      readonly kind: 'criterion-moved-part';
      readonly criterion: string;
      readonly before: string | null;
      readonly after: string | null;
    }
  | {
      readonly kind: 'criterion-moved-order';
      readonly criterion: string;
      /** The newer area; positions are 1-based among the criteria of the area in each version. */
      readonly area: string;
      readonly before: number;
      readonly after: number;
    }
  | {
      readonly kind: 'criterion-core';
      readonly criterion: string;
      readonly before: boolean;
      readonly after: boolean;
      /** `added` / `removed`: the criterion itself is new or gone; `regrouped`: it came from a split or merge. */
      readonly context: 'changed' | 'added' | 'removed' | 'regrouped';
    }
  /** Newer ids. */
  | {
      readonly kind: 'criterion-prerequisites-added';
      readonly criterion: string;
      readonly prerequisites: readonly string[];
    }
  /** Older ids: prerequisites whose successors the criterion no longer requires. */
  | {
      readonly kind: 'criterion-prerequisites-removed';
      readonly criterion: string;
      readonly prerequisites: readonly string[];
    }
  | { readonly kind: 'checklist-added'; readonly criterion: string; readonly checklist: Checklist }
  | { readonly kind: 'checklist-removed'; readonly criterion: string; readonly checklist: Checklist }
  | {
      readonly kind: 'checklist-min-met';
      readonly criterion: string;
      readonly before: number;
      readonly after: number;
      /** Number of items in the newer checklist. */
      readonly items: number;
    }
  | {
      readonly kind: 'checklist-items-added';
      readonly criterion: string;
      readonly items: readonly ChecklistItem[];
    }
  | {
      readonly kind: 'checklist-items-removed';
      readonly criterion: string;
      readonly items: readonly ChecklistItem[];
    }
  | {
      readonly kind: 'checklist-item-reworded';
      readonly criterion: string;
      readonly item: string;
      readonly before: string;
      readonly after: string;
      readonly redline: readonly RedlineSegment[];
    }
  | {
      readonly kind: 'criterion-evidence';
      readonly criterion: string;
      readonly added: readonly string[];
      readonly removed: readonly string[];
    }
  | CriterionFieldChange;

/** Every kind of change a diff reports. */
export type ChangeKind = ChangeDetail['kind'];

/** One change of a diff: its detail plus what every change carries. */
export type StandardChange = ChangeDetail & {
  /** Stable across runs for the same two versions, e.g. `tier-min-percent:gold`, `criterion-statement:DM4`. */
  readonly id: string;
  readonly class: ChangeClass;
  /** Area id for grouping (the newer one when a criterion moved or an area was renamed); null for tiers etc. */
  readonly area: string | null;
  /** Criterion ids the change touches in each version. */
  readonly criteria: { readonly before: readonly string[]; readonly after: readonly string[] };
  /** One short line, e.g. "Gold threshold 67% → 68%", "DM8 Disaggregated Data added (1 point)". */
  readonly summary: string;
};

/**
 * How criteria were paired across the two versions: `lineage` when `newer` is based on `older`, `composed-lineage`
 * when the `basedOn` chain between them was followed through intermediate versions, `id` otherwise.
 */
export type PairingMethod = 'lineage' | 'composed-lineage' | 'id';

/** One side of a diff. */
export interface DiffSide {
  readonly version: string;
  readonly status: StandardStatus;
  readonly title: string;
  readonly criteria: number;
  readonly totalPoints: number;
}

/** The structural diff of two versions of a standard (D1), every change classed (D2). */
export interface StandardDiff {
  readonly standard: string;
  readonly older: DiffSide;
  readonly newer: DiffSide;
  readonly pairing: PairingMethod;
  /** Areas for grouping: the newer version's in its order, then areas only the older version has. */
  readonly areas: readonly NamedEntry[];
  /** Tiers for display: the newer version's in ascending order, then tiers only the older version has. */
  readonly tiers: readonly NamedEntry[];
  readonly counts: Readonly<Record<ChangeClass, number>>;
  /** Whole-standard and tier changes first, then criteria in the newer version's order. */
  readonly changes: readonly StandardChange[];
}

/** A version's side as the diff reports it. */
export function diffSideOf(standard: Standard): DiffSide {
  return {
    version: standard.version,
    status: standard.status,
    title: standard.title,
    criteria: standard.criteria.length,
    totalPoints: standard.criteria.reduce((sum, criterion) => sum + criterion.points, 0),
  };
}
