import type { Checklist, Criterion, Lineage, Standard, Tier } from '../standard.ts';

/**
 * The impact engine's own change model (I1 "why it moved"): the difference between a baseline version and a
 * draft split into independent, scoring-relevant changes. Each change *sets* one field to the draft's value
 * (never adds a delta), and no two changes touch the same field, so applying any subset gives the same
 * standard in whatever order — attribution is order-independent by construction. Text-only edits (titles,
 * statements, names, evidence, notes, areas) cannot move a score and are not changes here.
 *
 * Deliberately independent of the structural diff in `src/core/diff/`: that one serves reading (redlines,
 * moves, editorial classes); this one serves re-scoring.
 */

interface ChangeBase {
  /** Stable key, e.g. `tier:gold:minPercent` or `criterion:PA2:points`. */
  readonly id: string;
  /** What a committee member reads, e.g. `gold threshold 68→70 %`. */
  readonly label: string;
}

export type TierRuleChange = ChangeBase & { readonly tier: string } & (
    | { readonly kind: 'tier-min-percent'; readonly from: number; readonly to: number }
    | { readonly kind: 'tier-require-core'; readonly from: boolean; readonly to: boolean }
    | {
        readonly kind: 'tier-required-criteria';
        readonly from: readonly string[];
        readonly to: readonly string[];
      }
    | { readonly kind: 'tier-min-parts-covered'; readonly from: number; readonly to: number }
  );

export type CriterionChange = ChangeBase & { readonly criterion: string } & (
    | { readonly kind: 'criterion-points'; readonly from: number; readonly to: number }
    | { readonly kind: 'criterion-core'; readonly from: boolean; readonly to: boolean }
    | {
        readonly kind: 'criterion-prerequisites';
        readonly from: readonly string[];
        readonly to: readonly string[];
      }
    | {
        readonly kind: 'criterion-part';
        readonly from: string | undefined;
        readonly to: string | undefined;
      }
    | { readonly kind: 'criterion-min-met'; readonly from: number; readonly to: number }
    /** Item ids of a checklist the criterion has in both versions; the draft's items replace the baseline's. */
    | {
        readonly kind: 'criterion-checklist-items';
        readonly from: readonly string[];
        readonly to: readonly string[];
        readonly items: Checklist['items'];
      }
    /** A checklist added to a yes/no criterion, or removed from one. */
    | {
        readonly kind: 'criterion-checklist';
        readonly from: Checklist | undefined;
        readonly to: Checklist | undefined;
      }
    /** How earlier answers reach the criterion changed (L2–L4), so its responses come from the draft. */
    | {
        readonly kind: 'criterion-lineage';
        readonly from: Lineage | undefined;
        readonly to: Lineage | undefined;
      }
    /** The draft's whole criterion; alone, it joins the baseline with the draft's definition and answers. */
    | { readonly kind: 'criterion-added'; readonly definition: Criterion }
    /** The baseline's criterion; alone, it stops earning points, being core and counting for a part. */
    | { readonly kind: 'criterion-removed'; readonly definition: Criterion }
  );

export type DraftChange =
  | TierRuleChange
  | CriterionChange
  | (ChangeBase &
      (
        | {
            readonly kind: 'tier-added';
            readonly definition: Tier;
            /** Tiers below it in the draft, nearest first: it is inserted above the first one present. */
            readonly above: readonly string[];
          }
        | { readonly kind: 'tier-removed'; readonly definition: Tier }
        | { readonly kind: 'part-coverage-percent'; readonly from: number; readonly to: number }
        | { readonly kind: 'min-population'; readonly from: number; readonly to: number }
        /** Part ids; names are text. */
        | { readonly kind: 'parts'; readonly from: readonly string[]; readonly to: readonly string[] }
      ));

export type DraftChangeKind = DraftChange['kind'];

/** Changes that alter how a criterion's responses are encoded (which answers, which checklist). */
export const RESPONSE_CHANGE_KINDS = [
  'criterion-lineage',
  'criterion-checklist-items',
  'criterion-checklist',
  'criterion-min-met',
] as const satisfies readonly DraftChangeKind[];

/**
 * How the draft's lineage is read against the baseline:
 * - `derived`: the draft is based on the baseline (`draft.basedOn === baseline.version`), so its lineage
 *   points at the baseline and a criterion carried from itself (`same`, `reworded` or `split` from its own id)
 *   keeps its answers; anything else is a lineage change.
 * - `sibling`: otherwise (typically an edited copy that shares the baseline's `basedOn`), both lineages point
 *   at the same older version and are compared as they are. Exact when `draft.basedOn === baseline.basedOn`.
 */
export type LineageMode = 'derived' | 'sibling';

export function lineageModeOf(baseline: Standard, draft: Standard): LineageMode {
  return draft.basedOn === baseline.version && draft.version !== baseline.version ? 'derived' : 'sibling';
}

/**
 * Splits `draft − baseline` into independent scoring changes, in reading order: eligibility and parts,
 * tiers (draft order, removed last), criteria (draft order, removed last). Ids are matched, never
 * positions; with duplicate ids (an invalid draft being edited) the first occurrence is used.
 */
export function diffForImpact(baseline: Standard, draft: Standard): DraftChange[] {
  const changes: DraftChange[] = [];
  const mode = lineageModeOf(baseline, draft);

  if (baseline.eligibility.minPopulation !== draft.eligibility.minPopulation) {
    const [from, to] = [baseline.eligibility.minPopulation, draft.eligibility.minPopulation];
    changes.push({
      kind: 'min-population',
      id: 'eligibility:minPopulation',
      label: `minimum population ${formatCount(from)}→${formatCount(to)}`,
      from,
      to,
    });
  }
  const [fromParts, toParts] = [partIds(baseline), partIds(draft)];
  if (!sameSet(fromParts, toParts)) {
    changes.push({
      kind: 'parts',
      id: 'parts',
      label: `parts: ${setDelta(fromParts, toParts)}`,
      from: fromParts,
      to: toParts,
    });
  }
  if (hundredths(baseline.partCoveragePercent) !== hundredths(draft.partCoveragePercent)) {
    const [from, to] = [baseline.partCoveragePercent, draft.partCoveragePercent];
    changes.push({
      kind: 'part-coverage-percent',
      id: 'partCoveragePercent',
      label: `part coverage ${from}→${to} %`,
      from,
      to,
    });
  }

  const baselineTiers = firstById(baseline.tiers);
  const draftTiers = firstById(draft.tiers);
  draft.tiers.forEach((tier, index) => {
    if (draftTiers.get(tier.id) !== tier) return;
    const before = baselineTiers.get(tier.id);
    if (!before) {
      changes.push({
        kind: 'tier-added',
        id: `tier:${tier.id}:added`,
        label: `tier ${tier.name} added (${tier.minPercent} %)`,
        definition: tier,
        above: draft.tiers
          .slice(0, index)
          .map((below) => below.id)
          .reverse(),
      });
    } else changes.push(...tierRuleChanges(before, tier));
  });
  for (const tier of baselineTiers.values()) {
    if (!draftTiers.has(tier.id)) {
      changes.push({
        kind: 'tier-removed',
        id: `tier:${tier.id}:removed`,
        label: `tier ${tier.name} removed`,
        definition: tier,
      });
    }
  }

  const baselineCriteria = firstById(baseline.criteria);
  const draftCriteria = firstById(draft.criteria);
  for (const criterion of draftCriteria.values()) {
    const before = baselineCriteria.get(criterion.id);
    if (!before) {
      changes.push({
        kind: 'criterion-added',
        id: `criterion:${criterion.id}:added`,
        criterion: criterion.id,
        label: `${criterion.id} added (${plural(criterion.points, 'point')})`,
        definition: criterion,
      });
    } else changes.push(...criterionChanges(before, criterion, mode));
  }
  for (const criterion of baselineCriteria.values()) {
    if (!draftCriteria.has(criterion.id)) {
      changes.push({
        kind: 'criterion-removed',
        id: `criterion:${criterion.id}:removed`,
        criterion: criterion.id,
        label: `${criterion.id} removed (${plural(criterion.points, 'point')})`,
        definition: criterion,
      });
    }
  }
  return changes;
}

function tierRuleChanges(before: Tier, after: Tier): TierRuleChange[] {
  const changes: TierRuleChange[] = [];
  const tier = after.id;
  const name = after.name.toLowerCase();
  if (hundredths(before.minPercent) !== hundredths(after.minPercent)) {
    changes.push({
      kind: 'tier-min-percent',
      id: `tier:${tier}:minPercent`,
      tier,
      label: `${name} threshold ${before.minPercent}→${after.minPercent} %`,
      from: before.minPercent,
      to: after.minPercent,
    });
  }
  if (before.requireCore !== after.requireCore) {
    changes.push({
      kind: 'tier-require-core',
      id: `tier:${tier}:requireCore`,
      tier,
      label: after.requireCore
        ? `${name} now requires core criteria`
        : `${name} no longer requires core criteria`,
      from: before.requireCore,
      to: after.requireCore,
    });
  }
  if (!sameSet(before.requiredCriteria, after.requiredCriteria)) {
    changes.push({
      kind: 'tier-required-criteria',
      id: `tier:${tier}:requiredCriteria`,
      tier,
      label: `${name} required criteria ${setDelta(before.requiredCriteria, after.requiredCriteria)}`,
      from: before.requiredCriteria,
      to: after.requiredCriteria,
    });
  }
  // Compilation reads a missing `minPartsCovered` as 0, so 0 and absent are the same rule.
  const [fromParts, toParts] = [before.minPartsCovered ?? 0, after.minPartsCovered ?? 0];
  if (fromParts !== toParts) {
    changes.push({
      kind: 'tier-min-parts-covered',
      id: `tier:${tier}:minPartsCovered`,
      tier,
      label: `${name} parts covered ${fromParts}→${toParts}`,
      from: fromParts,
      to: toParts,
    });
  }
  return changes;
}

function criterionChanges(before: Criterion, after: Criterion, mode: LineageMode): CriterionChange[] {
  const changes: CriterionChange[] = [];
  const criterion = after.id;
  const id = (field: string) => `criterion:${criterion}:${field}`;
  if (before.points !== after.points) {
    changes.push({
      kind: 'criterion-points',
      id: id('points'),
      criterion,
      label: `${criterion} points ${before.points}→${after.points}`,
      from: before.points,
      to: after.points,
    });
  }
  if (before.core !== after.core) {
    changes.push({
      kind: 'criterion-core',
      id: id('core'),
      criterion,
      label: after.core ? `${criterion} now core` : `${criterion} no longer core`,
      from: before.core,
      to: after.core,
    });
  }
  if (!sameSet(before.prerequisites, after.prerequisites)) {
    changes.push({
      kind: 'criterion-prerequisites',
      id: id('prerequisites'),
      criterion,
      label: `${criterion} prerequisites ${setDelta(before.prerequisites, after.prerequisites)}`,
      from: before.prerequisites,
      to: after.prerequisites,
    });
  }
  if (before.part !== after.part) {
    changes.push({
      kind: 'criterion-part',
      id: id('part'),
      criterion,
      label: `${criterion} part ${before.part ?? 'none'}→${after.part ?? 'none'}`,
      from: before.part,
      to: after.part,
    });
  }
  const [fromList, toList] = [before.checklist, after.checklist];
  if (fromList && toList) {
    const [fromItems, toItems] = [itemIds(fromList), itemIds(toList)];
    if (!sameSet(fromItems, toItems)) {
      changes.push({
        kind: 'criterion-checklist-items',
        id: id('checklist.items'),
        criterion,
        label: `${criterion} checklist items ${setDelta(fromItems, toItems)}`,
        from: fromItems,
        to: toItems,
        items: toList.items,
      });
    }
    if (fromList.minMet !== toList.minMet) {
      changes.push({
        kind: 'criterion-min-met',
        id: id('checklist.minMet'),
        criterion,
        label: `${criterion} checklist needs ${fromList.minMet}→${toList.minMet} items`,
        from: fromList.minMet,
        to: toList.minMet,
      });
    }
  } else if (fromList || toList) {
    changes.push({
      kind: 'criterion-checklist',
      id: id('checklist'),
      criterion,
      label: toList
        ? `${criterion} checklist added (${toList.minMet} of ${toList.items.length} items)`
        : `${criterion} checklist removed (yes/no)`,
      from: fromList,
      to: toList,
    });
  }
  const lineageChanged =
    mode === 'derived'
      ? !carriesItself(after.lineage, criterion)
      : !sameLineage(before.lineage, after.lineage);
  if (lineageChanged) {
    changes.push({
      kind: 'criterion-lineage',
      id: id('lineage'),
      criterion,
      label: `${criterion} lineage: ${describeLineage(after.lineage)}`,
      from: before.lineage,
      to: after.lineage,
    });
  }
  return changes;
}

/** L2: `same`, `reworded` and `split` from one source all carry that source's answer as it is. */
function carriesItself(lineage: Lineage | undefined, id: string): boolean {
  return (
    lineage !== undefined &&
    lineage.relation !== 'merged' &&
    lineage.relation !== 'new' &&
    lineage.from.length === 1 &&
    lineage.from[0] === id
  );
}

function sameLineage(a: Lineage | undefined, b: Lineage | undefined): boolean {
  if (!a || !b) return a === b;
  const carries = (lineage: Lineage) =>
    lineage.relation === 'merged' ? 'merged' : lineage.relation === 'new' ? 'new' : 'carried';
  return carries(a) === carries(b) && sameSet(a.from, b.from);
}

function describeLineage(lineage: Lineage | undefined): string {
  if (!lineage || lineage.relation === 'new') return 'new (earlier answers not carried)';
  return `${lineage.relation} from ${lineage.from.join(', ')}`;
}

/**
 * The same criterion contributing nothing of its own: no points, not core, outside every part. Its answer
 * (and its own prerequisites) still decide whether it counts as met, so a prerequisite or a tier's required
 * criterion that names it keeps its meaning — dropping those references is a separate change.
 */
export function neutralCriterion(criterion: Criterion): Criterion {
  const { part: _part, ...rest } = criterion;
  return { ...rest, points: 0, core: false };
}

/**
 * The baseline with a neutral placeholder (`neutralCriterion`) for every criterion the changes add, appended
 * in change order: the common structure every attribution variant is scored on, so that they all share one
 * encoded cohort. Scoring it gives exactly the baseline's results.
 */
export function changeBase(baseline: Standard, changes: readonly DraftChange[]): Standard {
  const added = changes.flatMap((change) =>
    change.kind === 'criterion-added' ? [neutralCriterion(change.definition)] : [],
  );
  return added.length === 0 ? baseline : { ...baseline, criteria: [...baseline.criteria, ...added] };
}

/**
 * Applies `changes` to `base` (the baseline, or `changeBase` of it): every change sets its own field to the
 * draft's value, so any order gives the same standard. Added criteria replace their placeholder (or are
 * appended when `base` has none); removed criteria become placeholders; added tiers go above the nearest
 * draft tier below them that is present. Applying every change of `diffForImpact(baseline, draft)` scores
 * like the draft (for `sibling` lineage, when both share `basedOn`).
 */
export function applyDraftChanges(base: Standard, changes: readonly DraftChange[]): Standard {
  const criteria = base.criteria.map((criterion) => ({ ...criterion }));
  const criterionIndex = new Map<string, number>();
  criteria.forEach((criterion, index) => {
    if (!criterionIndex.has(criterion.id)) criterionIndex.set(criterion.id, index);
  });
  let tiers: Tier[] = base.tiers.map((tier) => ({ ...tier }));
  const result: { -readonly [K in keyof Standard]: Standard[K] } = { ...base, criteria, tiers };
  const tiersAdded: Extract<DraftChange, { kind: 'tier-added' }>[] = [];

  const setCriterion = (id: string, update: (criterion: Criterion) => Criterion) => {
    const index = criterionIndex.get(id);
    const current = index === undefined ? undefined : criteria[index];
    if (index !== undefined && current) criteria[index] = update(current);
  };
  const setTier = (id: string, update: (tier: Tier) => Tier) => {
    tiers = tiers.map((tier) => (tier.id === id ? update(tier) : tier));
  };

  for (const change of changes) {
    switch (change.kind) {
      case 'min-population':
        result.eligibility = { minPopulation: change.to };
        break;
      case 'part-coverage-percent':
        result.partCoveragePercent = change.to;
        break;
      case 'parts':
        result.parts = change.to.map((id) => ({ id, name: id }));
        break;
      case 'tier-min-percent':
        setTier(change.tier, (tier) => ({ ...tier, minPercent: change.to }));
        break;
      case 'tier-require-core':
        setTier(change.tier, (tier) => ({ ...tier, requireCore: change.to }));
        break;
      case 'tier-required-criteria':
        setTier(change.tier, (tier) => ({ ...tier, requiredCriteria: [...change.to] }));
        break;
      case 'tier-min-parts-covered':
        setTier(change.tier, (tier) => ({ ...tier, minPartsCovered: change.to }));
        break;
      case 'tier-removed':
        tiers = tiers.filter((tier) => tier.id !== change.definition.id);
        break;
      case 'tier-added':
        tiersAdded.push(change);
        break;
      case 'criterion-points':
        setCriterion(change.criterion, (criterion) => ({ ...criterion, points: change.to }));
        break;
      case 'criterion-core':
        setCriterion(change.criterion, (criterion) => ({ ...criterion, core: change.to }));
        break;
      case 'criterion-prerequisites':
        setCriterion(change.criterion, (criterion) => ({ ...criterion, prerequisites: [...change.to] }));
        break;
      case 'criterion-part':
        setCriterion(change.criterion, (criterion) => ({ ...criterion, part: change.to }));
        break;
      case 'criterion-lineage':
        setCriterion(change.criterion, (criterion) => ({ ...criterion, lineage: change.to }));
        break;
      case 'criterion-checklist':
        setCriterion(change.criterion, (criterion) => ({ ...criterion, checklist: change.to }));
        break;
      // Items and minMet are separate fields of one checklist: each keeps the other as it is.
      case 'criterion-checklist-items':
        setCriterion(change.criterion, (criterion) =>
          criterion.checklist
            ? { ...criterion, checklist: { ...criterion.checklist, items: [...change.items] } }
            : criterion,
        );
        break;
      case 'criterion-min-met':
        setCriterion(change.criterion, (criterion) =>
          criterion.checklist
            ? { ...criterion, checklist: { ...criterion.checklist, minMet: change.to } }
            : criterion,
        );
        break;
      case 'criterion-added':
        if (criterionIndex.has(change.criterion)) setCriterion(change.criterion, () => change.definition);
        else {
          criterionIndex.set(change.criterion, criteria.length);
          criteria.push(change.definition);
        }
        break;
      case 'criterion-removed':
        setCriterion(change.criterion, neutralCriterion);
        break;
    }
  }
  // Insert added tiers last, nearest-to-the-bottom first, so their position does not depend on change order.
  tiersAdded.sort((a, b) => a.above.length - b.above.length);
  for (const { definition, above } of tiersAdded) {
    const below = above.map((id) => tiers.findIndex((tier) => tier.id === id)).find((index) => index >= 0);
    tiers.splice(below === undefined ? 0 : below + 1, 0, { ...definition });
  }
  result.tiers = tiers;
  return result;
}

/** Whether a change alters how its criterion's answers are encoded (see `RESPONSE_CHANGE_KINDS`). */
export function isResponseChange(
  change: DraftChange,
): change is Extract<DraftChange, { kind: (typeof RESPONSE_CHANGE_KINDS)[number] }> {
  return (RESPONSE_CHANGE_KINDS as readonly string[]).includes(change.kind);
}

function firstById<T extends { readonly id: string }>(entries: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const entry of entries) if (!map.has(entry.id)) map.set(entry.id, entry);
  return map;
}

const partIds = (standard: Standard) => (standard.parts ?? []).map((part) => part.id);
const itemIds = (checklist: Checklist) => checklist.items.map((item) => item.id);
const hundredths = (percent: number) => Math.round(percent * 100);

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

/** `+DM8 −OUT1`: what the second list adds to and drops from the first. */
function setDelta(from: readonly string[], to: readonly string[]): string {
  const added = to.filter((id) => !from.includes(id)).map((id) => `+${id}`);
  const removed = from.filter((id) => !to.includes(id)).map((id) => `−${id}`);
  return [...added, ...removed].join(' ') || 'reordered';
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const formatCount = (value: number) => value.toLocaleString('en-US');
