import { useCallback, useSyncExternalStore } from 'react';
import { useStoreSelection } from '../kit/use-store-selection.ts';
import type { Standard } from '../../core/standard.ts';
import type { DraftStore } from './draft-store.ts';

/** The draft as it is now; the component renders again whenever it changes. */
export function useDraft(store: DraftStore): Standard {
  return useSyncExternalStore(store.subscribe, store.get);
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
  const selectFromStore = useCallback((draft: Standard) => select(draft, store), [select, store]);
  return useStoreSelection(store, selectFromStore, isEqual);
}
