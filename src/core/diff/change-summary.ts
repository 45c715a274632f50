import type { Standard } from '../standard.ts';
import { criterionFieldSummary, isCriterionFieldChange } from './criterion-field-changes.ts';
import type { ChangeDetail } from './standard-change.ts';

/** Display names of the areas, parts and tiers of both versions (the newer name wins). */
export interface SummaryNames {
  area(id: string): string;
  part(id: string): string;
  tier(id: string): string;
  /** The newer ids an older criterion lives on as (empty when removed). */
  successors(olderId: string): readonly string[];
  /** Whether the newer version has a criterion with this code. */
  inNewer(criterionId: string): boolean;
}

/** Names from both versions; `successors` maps older criterion ids to newer ones (from the pairing). */
export function summaryNamesOf(
  older: Standard,
  newer: Standard,
  successors: ReadonlyMap<string, readonly string[]>,
): SummaryNames {
  const newerIds = new Set(newer.criteria.map((criterion) => criterion.id));
  const lookup = (entries: readonly { id: string; name: string }[]) => {
    const names = new Map(entries.map((entry) => [entry.id, entry.name]));
    return (id: string) => names.get(id) ?? id;
  };
  return {
    area: lookup([...older.areas, ...newer.areas]),
    part: lookup([...(older.parts ?? []), ...(newer.parts ?? [])]),
    tier: lookup([...older.tiers, ...newer.tiers]),
    successors: (id) => successors.get(id) ?? [],
    inNewer: (id) => newerIds.has(id),
  };
}

/** One short line for a committee member, e.g. "Gold threshold 67% → 68%" or "GM2 split into LC4, LC5". */
export function summarizeChange(detail: ChangeDetail, names: SummaryNames): string {
  if (isCriterionFieldChange(detail)) return criterionFieldSummary(detail);
  switch (detail.kind) {
    case 'standard-title':
      return `Title “${detail.before}” → “${detail.after}”`;
    case 'standard-notes':
      return `Notes ${textChange(detail.before, detail.after)}`;
    case 'eligibility-min-population':
      return `Minimum population ${count(detail.before)} → ${count(detail.after)}`;
    case 'part-coverage-percent':
      return `Part coverage ${detail.before}% → ${detail.after}% of a part's points`;
    case 'area-added':
    case 'part-added':
      return `${entryWord(detail.kind)} ${detail.entry.name} added`;
    case 'area-removed':
    case 'part-removed':
      return `${entryWord(detail.kind)} ${detail.entry.name} removed`;
    case 'area-renamed':
    case 'part-renamed': {
      const carried = detail.carried
        ? ` (${detail.carried.count} of its ${detail.carried.of} criteria moved with it)`
        : '';
      const name =
        detail.before.name === detail.after.name ? `${detail.after.name} (new id)` : detail.after.name;
      return `${entryWord(detail.kind)} ${detail.before.name} renamed ${name}${carried}`;
    }
    case 'area-moved':
    case 'part-moved':
      return `${entryWord(detail.kind)} ${detail.entry.name} moved from position ${detail.before} to ${detail.after}`;
    case 'tier-added':
      return `${detail.tier.name} tier added (${detail.tier.minPercent}%)`;
    case 'tier-removed':
      return `${detail.tier.name} tier removed (was ${detail.tier.minPercent}%)`;
    case 'tier-renamed':
      return `Tier ${detail.before} renamed ${detail.after}`;
    case 'tier-min-percent':
      return `${names.tier(detail.tier)} threshold ${detail.before}% → ${detail.after}%`;
    case 'tier-require-core':
      return detail.after
        ? `${names.tier(detail.tier)} now requires every core criterion`
        : `${names.tier(detail.tier)} no longer requires the core criteria`;
    case 'tier-required-added':
      return `${names.tier(detail.tier)} now requires ${list(detail.required)}`;
    case 'tier-required-removed':
      return `${names.tier(detail.tier)} no longer requires ${olderIds(detail.required, names)}`;
    case 'tier-min-parts-covered':
      return `${names.tier(detail.tier)} parts to cover ${detail.before} → ${detail.after}`;
    case 'criterion-added':
      return `${detail.criterion.id} ${detail.criterion.title} added (${points(detail.criterion.points)})`;
    case 'criterion-removed': {
      const { id, title } = detail.criterion;
      // A removed criterion whose code another criterion now uses would read as that one being removed.
      const reused = names.inNewer(id) ? `; the code ${id} now belongs to another criterion` : '';
      return `${id} ${title} removed (${points(detail.criterion.points)}${reused})`;
    }
    case 'criterion-recoded':
      return `${detail.before} is now ${detail.after}`;
    case 'criterion-split':
      return `${detail.source.id} split into ${list(detail.targets.map((criterion) => criterion.id))}`;
    case 'criteria-merged':
      return `${list(detail.sources.map((criterion) => criterion.id))} merged into ${detail.target.id}`;
    case 'criteria-regrouped':
      return (
        `${list(detail.sources.map((criterion) => criterion.id))} regrouped into ` +
        list(detail.targets.map((criterion) => criterion.id))
      );
    case 'criterion-moved-area':
      return `${detail.criterion} moved from ${names.area(detail.before)} to ${names.area(detail.after)}`;
    case 'criterion-moved-part':
      if (detail.before === null) return `${detail.criterion} put in part ${names.part(detail.after ?? '')}`;
      if (detail.after === null) return `${detail.criterion} taken out of part ${names.part(detail.before)}`;
      return `${detail.criterion} moved from part ${names.part(detail.before)} to ${names.part(detail.after)}`;
    case 'criterion-moved-order':
      return `${detail.criterion} moved within ${names.area(detail.area)} (position ${detail.before} → ${detail.after})`;
    case 'criterion-core':
      if (detail.context === 'added') return `${detail.criterion} added as a core criterion`;
      if (detail.context === 'removed') return `Core criterion ${detail.criterion} removed`;
      return detail.after ? `${detail.criterion} made core` : `${detail.criterion} no longer core`;
    case 'criterion-prerequisites-added':
      return `${detail.criterion} ${plural(detail.prerequisites.length, 'prerequisite')} ${list(detail.prerequisites)} added`;
    case 'criterion-prerequisites-removed':
      return `${detail.criterion} ${plural(detail.prerequisites.length, 'prerequisite')} ${olderIds(detail.prerequisites, names)} removed`;
    case 'checklist-added':
      return `${detail.criterion} checklist added (${detail.checklist.minMet} of ${detail.checklist.items.length} items)`;
    case 'checklist-removed':
      return `${detail.criterion} checklist removed (was ${detail.checklist.minMet} of ${detail.checklist.items.length} items)`;
    case 'checklist-min-met':
      return `${detail.criterion} checklist needs ${detail.before} → ${detail.after} of ${detail.items} items`;
    case 'checklist-items-added':
      return `${detail.criterion} checklist ${plural(detail.items.length, 'item')} ${list(detail.items.map((item) => item.id))} added`;
    case 'checklist-items-removed':
      return `${detail.criterion} checklist ${plural(detail.items.length, 'item')} ${list(detail.items.map((item) => item.id))} removed`;
    case 'checklist-item-reworded':
      return `${detail.criterion} checklist item ${detail.item} reworded`;
    case 'criterion-evidence': {
      const added = detail.added.length;
      const removed = detail.removed.length;
      const documents = (size: number) => (size === 1 ? '1 document' : `${size} documents`);
      if (added > 0 && removed > 0)
        return `${detail.criterion} evidence: ${documents(added)} added, ${removed} removed`;
      return `${detail.criterion} evidence: ${documents(added + removed)} ${added > 0 ? 'added' : 'removed'}`;
    }
  }
}

function entryWord(kind: string): string {
  return kind.startsWith('area') ? 'Area' : 'Part';
}

function textChange(before: string | null, after: string | null): string {
  return before === null ? 'added' : after === null ? 'removed' : 'reworded';
}

function points(value: number): string {
  return value === 1 ? '1 point' : `${value} points`;
}

/** "1 prerequisite", "2 prerequisites" — without the number, which the id list already gives. */
function plural(size: number, word: string): string {
  return size === 1 ? word : `${word}s`;
}

function list(ids: readonly string[]): string {
  return ids.join(', ');
}

/** Older ids, each followed by the code it has now when that differs: "SE1 (now OD4)". */
function olderIds(ids: readonly string[], names: SummaryNames): string {
  return ids
    .map((id) => {
      const now = names.successors(id).filter((next) => next !== id);
      return now.length > 0 && !names.successors(id).includes(id) ? `${id} (now ${list(now)})` : id;
    })
    .join(', ');
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
