import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import type * as Y from 'yjs';

/**
 * Order of keyed entries (C1): each entry holds an `order` string from `fractional-indexing`, and a
 * list is its entries sorted by `order`, ties broken by internal key. A move rewrites one field, so
 * two people moving the same criterion at once give last-writer-wins on that field — never the
 * duplicate or loss that delete + insert in a Y.Array gives. Two peers inserting at the same spot get
 * the same `order`; the tie-break keeps both, in the same sequence on every peer.
 */

/** The field of an entry map that holds its fractional index. */
export const ORDER_FIELD = 'order';

/** An entry of a keyed collection: its internal key and its order string. */
export interface OrderedKey {
  readonly key: string;
  readonly order: string;
}

/** Where an entry goes: right after the entry `after` (null: first), or right before `before` (null: last). */
export type Placement = { readonly after: string | null } | { readonly before: string | null };

/** An order string strictly between two others (`null`: open end). Throws unless `before < after`. */
export function orderBetween(before: string | null = null, after: string | null = null): string {
  return generateKeyBetween(before, after);
}

/** `count` increasing order strings strictly between two others (`null`: open end). */
export function ordersBetween(before: string | null, after: string | null, count: number): string[] {
  return generateNKeysBetween(before, after, count);
}

/** Sorts by `order`, then by key: the one sequence every peer derives from the same state. */
export function sortByOrder<T extends OrderedKey>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => compareStrings(a.order, b.order) || compareStrings(a.key, b.key));
}

// Code-unit order, not locale order: fractional-indexing digits are ASCII and compare that way.
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The entries of a keyed collection in order. An entry without a string `order` sorts first. */
export function orderedEntries(
  collection: Y.Map<Y.Map<unknown>>,
): (OrderedKey & { readonly entry: Y.Map<unknown> })[] {
  const entries: (OrderedKey & { entry: Y.Map<unknown> })[] = [];
  collection.forEach((entry, key) => {
    const order = entry.get(ORDER_FIELD);
    entries.push({ key, order: typeof order === 'string' ? order : '', entry });
  });
  return sortByOrder(entries);
}

/** Keys of a keyed collection in order. */
export function orderedKeys(collection: Y.Map<Y.Map<unknown>>): string[] {
  return orderedEntries(collection).map(({ key }) => key);
}

/**
 * Gives the entry `key` a new `order` so it sits at `placement`, in one transaction with `origin`
 * (joining the caller's transaction if there is one). May also re-space a run of entries that share
 * one `order` (left by concurrent inserts), since nothing fits between equal strings.
 * Throws when `key` or a neighbour named in `placement` is missing.
 */
export function moveEntry(
  collection: Y.Map<Y.Map<unknown>>,
  key: string,
  placement: Placement,
  origin?: unknown,
): void {
  const entry = collection.get(key);
  if (entry === undefined) throw new Error(`moveEntry: no entry with key ${key}`);
  const move = (): void => {
    entry.set(ORDER_FIELD, orderForPlacement(collection, placement, key));
  };
  if (collection.doc) collection.doc.transact(move, origin);
  else move();
}

/**
 * The `order` for an entry placed at `placement` among the other entries of `collection` (leaving out
 * `movingKey`, the entry being moved, if any). Writes new orders to neighbours that share one order
 * string, so call it inside the transaction that uses the result.
 */
export function orderForPlacement(
  collection: Y.Map<Y.Map<unknown>>,
  placement: Placement,
  movingKey?: string,
): string {
  const others = orderedEntries(collection).filter(({ key }) => key !== movingKey);
  const anchor = 'after' in placement ? placement.after : placement.before;
  let index: number;
  if (anchor === null) {
    index = 'after' in placement ? 0 : others.length;
  } else {
    const anchorIndex = others.findIndex(({ key }) => key === anchor);
    if (anchorIndex < 0) throw new Error(`no entry with key ${anchor} to place next to`);
    index = 'after' in placement ? anchorIndex + 1 : anchorIndex;
  }
  const previous = others[index - 1];
  const next = others[index];
  // An entry without an order (written by a foreign client) counts as an open end.
  const low = previous?.order || null;
  const high = next?.order || null;
  if (low === null || high === null || low < high) return orderBetween(low, high);
  // previous and next share an order: re-space the entries from `next` on that share it too.
  let end = index;
  while (others[end]?.order === low) end++;
  const fresh = ordersBetween(low, others[end]?.order || null, end - index + 1);
  others.slice(index, end).forEach(({ entry }, offset) => entry.set(ORDER_FIELD, fresh[offset + 1]));
  return fresh[0] ?? orderBetween(low, null);
}

/**
 * Writes `order` fields so the collection reads in `keysInOrder`, changing as few entries as
 * possible: the longest run of entries already in increasing order keeps its strings (so a
 * concurrent move of one of them is not overwritten needlessly), the others get new ones between.
 * Keys not in `keysInOrder` are left alone. Run it inside a transaction.
 */
export function applyOrder(collection: Y.Map<Y.Map<unknown>>, keysInOrder: readonly string[]): void {
  const current = keysInOrder.map((key) => {
    const order = collection.get(key)?.get(ORDER_FIELD);
    return typeof order === 'string' && order !== '' ? order : undefined;
  });
  const kept = new Set(longestIncreasingRun(current));
  let index = 0;
  while (index < keysInOrder.length) {
    if (kept.has(index)) {
      index++;
      continue;
    }
    let end = index;
    while (end < keysInOrder.length && !kept.has(end)) end++;
    const before = index > 0 ? (current[index - 1] ?? null) : null;
    const after = end < keysInOrder.length ? (current[end] ?? null) : null;
    const fresh = ordersBetween(before, after, end - index);
    for (let offset = 0; offset < end - index; offset++) {
      const key = keysInOrder[index + offset];
      const order = fresh[offset];
      if (key === undefined || order === undefined) continue;
      collection.get(key)?.set(ORDER_FIELD, order);
      current[index + offset] = order;
    }
    index = end;
  }
}

/** Indexes of a longest strictly increasing subsequence of the defined values (patience sorting). */
function longestIncreasingRun(values: readonly (string | undefined)[]): number[] {
  const tails: number[] = [];
  const previous = new Map<number, number>();
  values.forEach((value, index) => {
    if (value === undefined) return;
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const tail = values[tails[middle] ?? -1];
      if (tail !== undefined && tail < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous.set(index, tails[low - 1] ?? -1);
    tails[low] = index;
  });
  const run: number[] = [];
  let cursor = tails[tails.length - 1];
  while (cursor !== undefined && cursor >= 0) {
    run.unshift(cursor);
    cursor = previous.get(cursor);
  }
  return run;
}
