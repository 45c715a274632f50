import type { Criterion } from '../standard.ts';
import type { CriterionPairing } from './criterion-pairing.ts';
import { longestIncreasingRun } from './longest-increasing-run.ts';
import type { ChangeDetail, NamedEntry } from './standard-change.ts';

/** What the areas (or the parts) of two versions became. */
export interface EntryChanges {
  readonly details: ChangeDetail[];
  /** Older entry id → the newer entry it lives on as (same id, or an inferred rename); absent when removed. */
  readonly successor: ReadonlyMap<string, string>;
}

/**
 * Areas or parts added, removed, renamed and reordered (D1). Entries pair by id; an old entry whose id is gone
 * pairs with a new one when lineage shows it was renamed: most of the old entry's criteria have a successor in
 * the new entry, and most of the new entry's carried-over criteria come from the old one.
 */
export function diffEntries(
  which: 'area' | 'part',
  olderEntries: readonly NamedEntry[],
  newerEntries: readonly NamedEntry[],
  olderCriteria: readonly Criterion[],
  newerCriteria: readonly Criterion[],
  pairing: CriterionPairing,
): EntryChanges {
  const entryOf = (criterion: Criterion): string | undefined =>
    which === 'area' ? criterion.area : criterion.part;
  const newerIds = new Set(newerEntries.map((entry) => entry.id));
  const olderIds = new Set(olderEntries.map((entry) => entry.id));
  const successor = new Map<string, string>();
  for (const entry of olderEntries) if (newerIds.has(entry.id)) successor.set(entry.id, entry.id);

  const carried = inferRenames(olderIds, newerIds, olderCriteria, newerCriteria, pairing, entryOf);
  for (const [olderId, rename] of carried) successor.set(olderId, rename.newerId);

  const details: ChangeDetail[] = [];
  const newerById = new Map(newerEntries.map((entry) => [entry.id, entry]));
  const renamedTo = new Set(successor.values());
  for (const entry of olderEntries) {
    const newerId = successor.get(entry.id);
    const after = newerId === undefined ? undefined : newerById.get(newerId);
    if (!after) {
      details.push({ kind: which === 'area' ? 'area-removed' : 'part-removed', entry });
    } else if (after.id !== entry.id || after.name !== entry.name) {
      const rename = carried.get(entry.id);
      details.push({
        kind: which === 'area' ? 'area-renamed' : 'part-renamed',
        before: entry,
        after,
        carried: rename ? { count: rename.count, of: rename.of } : null,
      });
    }
  }
  for (const entry of newerEntries) {
    if (!renamedTo.has(entry.id))
      details.push({ kind: which === 'area' ? 'area-added' : 'part-added', entry });
  }

  // Reordering: entries outside the longest run that kept its relative order moved.
  const olderPosition = new Map<string, number>();
  olderEntries.forEach((entry, index) => {
    const newerId = successor.get(entry.id);
    if (newerId !== undefined) olderPosition.set(newerId, index);
  });
  const paired = newerEntries.flatMap((entry, index) => {
    const before = olderPosition.get(entry.id);
    return before === undefined ? [] : [{ entry, before, after: index }];
  });
  const kept = longestIncreasingRun(paired.map((entry) => entry.before));
  paired.forEach((entry, index) => {
    if (kept.has(index)) return;
    details.push({
      kind: which === 'area' ? 'area-moved' : 'part-moved',
      entry: entry.entry,
      before: entry.before + 1,
      after: entry.after + 1,
    });
  });
  return { details, successor };
}

interface InferredRename {
  readonly newerId: string;
  readonly count: number;
  readonly of: number;
}

function inferRenames(
  olderIds: ReadonlySet<string>,
  newerIds: ReadonlySet<string>,
  olderCriteria: readonly Criterion[],
  newerCriteria: readonly Criterion[],
  pairing: CriterionPairing,
  entryOf: (criterion: Criterion) => string | undefined,
): Map<string, InferredRename> {
  const renames = new Map<string, InferredRename>();
  const goneIds = [...olderIds].filter((id) => !newerIds.has(id));
  const freshIds = new Set([...newerIds].filter((id) => !olderIds.has(id)));
  if (goneIds.length === 0 || freshIds.size === 0) return renames;

  const newerEntryOf = new Map(newerCriteria.map((criterion) => [criterion.id, entryOf(criterion)]));
  const olderEntryOf = new Map(olderCriteria.map((criterion) => [criterion.id, entryOf(criterion)]));
  // Forward: how many of an old entry's criteria have a successor in each new entry.
  const forward = new Map<string, Map<string, number>>();
  const size = new Map<string, number>();
  for (const criterion of olderCriteria) {
    const from = entryOf(criterion);
    if (from === undefined) continue;
    size.set(from, (size.get(from) ?? 0) + 1);
    const targets = new Set(
      (pairing.successors.get(criterion.id) ?? []).map((id) => newerEntryOf.get(id)).filter((id) => id),
    );
    for (const to of targets) if (to !== undefined) bump(forward, from, to);
  }
  // Backward: how many of a new entry's carried-over criteria come from each old entry.
  const backward = new Map<string, Map<string, number>>();
  for (const criterion of newerCriteria) {
    const to = entryOf(criterion);
    if (to === undefined) continue;
    const sources = new Set(
      (pairing.predecessors.get(criterion.id) ?? []).map((id) => olderEntryOf.get(id)).filter((id) => id),
    );
    for (const from of sources) if (from !== undefined) bump(backward, to, from);
  }

  for (const from of goneIds) {
    const counts = forward.get(from);
    const of = size.get(from) ?? 0;
    const best = counts ? strictMax(counts) : undefined;
    if (!best || !freshIds.has(best.key) || 2 * best.count <= of) continue;
    const back = backward.get(best.key);
    const backBest = back ? strictMax(back) : undefined;
    const carriedIn = back ? [...back.values()].reduce((sum, n) => sum + n, 0) : 0;
    if (backBest?.key !== from || 2 * backBest.count <= carriedIn) continue;
    renames.set(from, { newerId: best.key, count: best.count, of });
  }
  return renames;
}

function bump(counts: Map<string, Map<string, number>>, from: string, to: string): void {
  let inner = counts.get(from);
  if (!inner) {
    inner = new Map();
    counts.set(from, inner);
  }
  inner.set(to, (inner.get(to) ?? 0) + 1);
}

/** The key with the highest count, unless two share it (an ambiguous rename is no rename). */
function strictMax(counts: ReadonlyMap<string, number>): { key: string; count: number } | undefined {
  let best: { key: string; count: number } | undefined;
  let tied = false;
  for (const [key, count] of counts) {
    if (!best || count > best.count) {
      best = { key, count };
      tied = false;
    } else if (count === best.count) tied = true;
  }
  return tied ? undefined : best;
}
