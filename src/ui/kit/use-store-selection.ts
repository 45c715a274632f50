import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { ExternalStore } from './external-store.ts';

interface Selected<S, T> {
  readonly source: S;
  readonly select: unknown;
  readonly value: T;
}

/**
 * What a component shows of an external store: `select` runs when the store's value changes, and while its
 * result `isEqual`s the last one the component keeps the last one and does not render again (a keystroke
 * that only moves a counter the component does not show costs it nothing). `select` and `isEqual` should be
 * stable (module functions or `useCallback`).
 */
export function useStoreSelection<S, T>(
  store: ExternalStore<S>,
  select: (source: S) => T,
  isEqual: (previous: T, next: T) => boolean,
): T {
  const last = useRef<Selected<S, T> | undefined>(undefined);
  const read = useCallback((): T => {
    const source = store.get();
    const previous = last.current;
    if (previous && previous.source === source && previous.select === select) return previous.value;
    const next = select(source);
    const value =
      previous && previous.select === select && isEqual(previous.value, next) ? previous.value : next;
    last.current = { source, select, value };
    return value;
  }, [store, select, isEqual]);
  return useSyncExternalStore(store.subscribe, read);
}

/** Equal when both objects have the same own keys with `Object.is`-equal values. */
export function shallowEqual<T extends object>(previous: T, next: T): boolean {
  const keys = Object.keys(previous) as (keyof T)[];
  return keys.length === Object.keys(next).length && keys.every((key) => Object.is(previous[key], next[key]));
}
