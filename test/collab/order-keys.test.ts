import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ORDER_FIELD,
  applyOrder,
  moveEntry,
  orderBetween,
  orderedKeys,
  sortByOrder,
} from '../../src/collab/order-keys.ts';

/** A keyed collection in a doc, entries `key → { order }`. */
function collectionWith(entries: Record<string, string>): Y.Map<Y.Map<unknown>> {
  const doc = new Y.Doc();
  const collection = doc.getMap<Y.Map<unknown>>('entries');
  for (const [key, order] of Object.entries(entries)) collection.set(key, new Y.Map([[ORDER_FIELD, order]]));
  return collection;
}

const orderOf = (collection: Y.Map<Y.Map<unknown>>, key: string): unknown =>
  collection.get(key)?.get(ORDER_FIELD);

describe('order keys', () => {
  it('[C1] entries sort by order, equal orders by internal key, the same on every peer', () => {
    const entries = [
      { key: 'k3', order: 'a1' },
      { key: 'k2', order: 'a0' },
      { key: 'k1', order: 'a1' },
    ];
    expect(sortByOrder(entries).map(({ key }) => key)).toEqual(['k2', 'k1', 'k3']);
    expect(sortByOrder([...entries].reverse())).toEqual(sortByOrder(entries));
  });

  it('[C1] an order string between two neighbours sorts between them', () => {
    const middle = orderBetween('a0', 'a1');
    expect('a0' < middle && middle < 'a1').toBe(true);
    expect(orderBetween(null, 'a0') < 'a0').toBe(true);
    expect(orderBetween('a1') > 'a1').toBe(true);
  });

  it('[C1] moving an entry changes only its own order', () => {
    const collection = collectionWith({ a: 'a0', b: 'a1', c: 'a2' });
    moveEntry(collection, 'c', { after: 'a' });
    expect(orderedKeys(collection)).toEqual(['a', 'c', 'b']);
    expect([orderOf(collection, 'a'), orderOf(collection, 'b')]).toEqual(['a0', 'a1']);
    moveEntry(collection, 'a', { before: null });
    expect(orderedKeys(collection)).toEqual(['c', 'b', 'a']);
    moveEntry(collection, 'a', { after: null });
    expect(orderedKeys(collection)).toEqual(['a', 'c', 'b']);
  });

  it('[C1] an entry can be placed between two entries that concurrent inserts gave the same order', () => {
    const collection = collectionWith({ a: 'a0', x: 'a1', y: 'a1', z: 'a1', b: 'a2' });
    moveEntry(collection, 'b', { after: 'x' });
    expect(orderedKeys(collection)).toEqual(['a', 'x', 'b', 'y', 'z']);
    moveEntry(collection, 'a', { before: 'z' });
    expect(orderedKeys(collection)).toEqual(['x', 'b', 'y', 'a', 'z']);
  });

  it('[C1] moving next to a missing entry is refused', () => {
    const collection = collectionWith({ a: 'a0' });
    expect(() => moveEntry(collection, 'a', { after: 'gone' })).toThrow(/no entry with key gone/);
    expect(() => moveEntry(collection, 'gone', { after: null })).toThrow(/no entry with key gone/);
  });

  it('[V2] reordering to a sequence rewrites only the entries out of place', () => {
    const collection = collectionWith({ a: 'a0', b: 'a1', c: 'a2', d: 'a3', e: 'a4' });
    applyOrder(collection, ['a', 'd', 'b', 'c', 'e']);
    expect(orderedKeys(collection)).toEqual(['a', 'd', 'b', 'c', 'e']);
    expect(['a', 'b', 'c', 'e'].map((key) => orderOf(collection, key))).toEqual(['a0', 'a1', 'a2', 'a4']);
  });

  it('[V2] reordering gives entries without an order one', () => {
    const collection = collectionWith({ a: 'a0', b: 'a1' });
    collection.set('new', new Y.Map());
    applyOrder(collection, ['b', 'new', 'a']);
    expect(orderedKeys(collection)).toEqual(['b', 'new', 'a']);
  });
});
