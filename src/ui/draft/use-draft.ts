import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Standard } from '../../core/standard.ts';
import type { DraftStore } from './draft-store.ts';

/** The draft as it is now; the component renders again whenever it changes. */
export function useDraft(store: DraftStore): Standard {
  return useSyncExternalStore(store.subscribe, store.get);
}

interface Selected<T> {
  readonly draft: Standard;
  readonly select: unknown;
  readonly value: T;
}

/**
 * What a component shows of the draft: `select` runs when the draft changes, and while its result
 * `isEqual`s the last one the component keeps the last one and does not render again (the outline
 * ignores a keystroke in a statement this way). `select` should be stable (`useCallback`).
 */
export function useDraftSelection<T>(
  store: DraftStore,
  select: (draft: Standard, store: DraftStore) => T,
  isEqual: (previous: T, next: T) => boolean,
): T {
  const last = useRef<Selected<T> | undefined>(undefined);
  const read = useCallback((): T => {
    const draft = store.get();
    const previous = last.current;
    if (previous && previous.draft === draft && previous.select === select) return previous.value;
    const next = select(draft, store);
    const value =
      previous && previous.select === select && isEqual(previous.value, next) ? previous.value : next;
    last.current = { draft, select, value };
    return value;
  }, [store, select, isEqual]);
  return useSyncExternalStore(store.subscribe, read);
}
