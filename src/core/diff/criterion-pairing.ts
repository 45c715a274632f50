import type { Criterion, Standard } from '../standard.ts';
import type { PairingMethod } from './standard-change.ts';

/**
 * Which criteria of two versions are "the same" (D1): pairs found by lineage when one version derives from
 * the other, by id otherwise. Criteria linked by lineage form groups: one old and one new criterion is a
 * criterion that lived on (perhaps under a new code), one old and several new a split, several old and one new
 * a merge, none on one side an addition or a removal.
 */
export interface CriterionPairing {
  readonly method: PairingMethod;
  /** Each older criterion's successors in the newer version (newer ids, in newer order); absent: removed. */
  readonly successors: ReadonlyMap<string, readonly string[]>;
  /** Each newer criterion's predecessors in the older version (older ids, in older order); absent: added. */
  readonly predecessors: ReadonlyMap<string, readonly string[]>;
  /** Connected groups of criteria, every criterion of both versions in exactly one. */
  readonly groups: readonly CriterionGroup[];
}

/** Criteria linked by lineage (or by id): one change, or one criterion compared field by field. */
export interface CriterionGroup {
  /** Older criteria, in older order. */
  readonly before: readonly Criterion[];
  /** Newer criteria, in newer order. */
  readonly after: readonly Criterion[];
}

/**
 * Pairs the criteria of `older` and `newer`. When `newer.basedOn` is `older.version`, each newer criterion's
 * `lineage` says where it came from; when the versions are further apart and `versions` holds every version
 * on the `basedOn` chain from `newer` back to `older`, lineage is composed step by step. Otherwise criteria
 * pair by id. Within a lineage step, a criterion without lineage pairs with the same id when no lineage
 * claims that id (a hand-written file may leave `lineage` out); `new` never pairs.
 */
export function pairCriteria(
  older: Standard,
  newer: Standard,
  versions?: ReadonlyMap<string, Standard>,
): CriterionPairing {
  const chain = basedOnChain(older, newer, versions);
  let origins: Map<string, Set<string>>;
  let method: PairingMethod;
  if (chain === null) {
    const olderIds = new Set(older.criteria.map((criterion) => criterion.id));
    origins = new Map(
      newer.criteria
        .filter((criterion) => olderIds.has(criterion.id))
        .map((criterion) => [criterion.id, new Set([criterion.id])]),
    );
    method = 'id';
  } else {
    // origins: for each criterion of the current step's version, the older version's criteria it derives from.
    origins = new Map(older.criteria.map((criterion) => [criterion.id, new Set([criterion.id])]));
    for (let step = 1; step < chain.length; step++) {
      const source = chain[step - 1];
      const target = chain[step];
      if (source && target) origins = composeStep(source, target, origins);
    }
    method = chain.length === 2 ? 'lineage' : 'composed-lineage';
  }
  return groupsOf(older, newer, origins, method);
}

/**
 * `[older, …, newer]` following `basedOn` from `newer` back to `older`, or null when the chain leaves
 * `versions`, loops, or never reaches `older`. The two ends are always the objects passed in.
 */
function basedOnChain(
  older: Standard,
  newer: Standard,
  versions: ReadonlyMap<string, Standard> | undefined,
): Standard[] | null {
  if (older.id !== newer.id || older.version === newer.version) return null;
  const newestFirst: Standard[] = [newer];
  const seen = new Set([newer.version]);
  let current = newer;
  while (current.basedOn !== older.version) {
    const parentVersion = current.basedOn;
    if (parentVersion === null || seen.has(parentVersion)) return null;
    const parent = versions?.get(parentVersion);
    if (!parent || parent.id !== newer.id) return null;
    seen.add(parentVersion);
    newestFirst.push(parent);
    current = parent;
  }
  newestFirst.push(older);
  return newestFirst.reverse();
}

/** One `basedOn` step: the origins of `target`'s criteria from those of `source`'s. */
function composeStep(
  source: Standard,
  target: Standard,
  origins: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, Set<string>> {
  const claimed = new Set<string>();
  for (const criterion of target.criteria) for (const id of criterion.lineage?.from ?? []) claimed.add(id);
  const sourceIds = new Set(source.criteria.map((criterion) => criterion.id));
  const next = new Map<string, Set<string>>();
  for (const criterion of target.criteria) {
    const lineage = criterion.lineage;
    const from = lineage
      ? lineage.from
      : sourceIds.has(criterion.id) && !claimed.has(criterion.id)
        ? [criterion.id]
        : [];
    const found = new Set<string>();
    for (const id of from) for (const origin of origins.get(id) ?? []) found.add(origin);
    if (found.size > 0) next.set(criterion.id, found);
  }
  return next;
}

/** Connected components of the older ↔ newer links, with both directions of the links as maps. */
function groupsOf(
  older: Standard,
  newer: Standard,
  origins: ReadonlyMap<string, ReadonlySet<string>>,
  method: PairingMethod,
): CriterionPairing {
  const olderIndex = new Map(older.criteria.map((criterion, index) => [criterion.id, index]));
  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const criterion of newer.criteria) {
    const from = [...(origins.get(criterion.id) ?? [])]
      .filter((id) => olderIndex.has(id))
      .sort((a, b) => (olderIndex.get(a) ?? 0) - (olderIndex.get(b) ?? 0));
    if (from.length === 0) continue;
    predecessors.set(criterion.id, from);
    for (const id of from) {
      const list = successors.get(id);
      if (list) list.push(criterion.id);
      else successors.set(id, [criterion.id]);
    }
  }

  // Union-find over both versions' criteria; keys are prefixed so equal ids in the two versions stay apart.
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let walk = key;
    while (walk !== root) {
      const up = parent.get(walk) ?? root;
      parent.set(walk, root);
      walk = up;
    }
    return root;
  };
  for (const criterion of older.criteria) parent.set(`o:${criterion.id}`, `o:${criterion.id}`);
  for (const criterion of newer.criteria) parent.set(`n:${criterion.id}`, `n:${criterion.id}`);
  for (const [newerId, from] of predecessors) {
    for (const olderId of from) parent.set(find(`o:${olderId}`), find(`n:${newerId}`));
  }

  const byRoot = new Map<string, { before: Criterion[]; after: Criterion[] }>();
  const groupOf = (key: string) => {
    const root = find(key);
    let group = byRoot.get(root);
    if (!group) {
      group = { before: [], after: [] };
      byRoot.set(root, group);
    }
    return group;
  };
  // Newer criteria first, so groups come out in the newer version's order; removals follow.
  for (const criterion of newer.criteria) groupOf(`n:${criterion.id}`).after.push(criterion);
  for (const criterion of older.criteria) groupOf(`o:${criterion.id}`).before.push(criterion);
  return { method, successors, predecessors, groups: [...byRoot.values()] };
}
