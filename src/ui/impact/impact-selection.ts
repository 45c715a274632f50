import { useCallback, useSyncExternalStore } from 'react';
import { DEFAULT_NEAR_MISS_POINTS } from '../../core/impact/impact-engine.ts';
import { createChangeListeners } from '../kit/external-store.ts';

/**
 * What the member chose to preview a draft against: baseline version, cohorts and the near-miss N (I2). Kept
 * per draft for the tab's lifetime, so the side panel and the full-screen view show the same preview.
 */
export interface ImpactSelection {
  /** Undefined: the standard's newest published version. */
  readonly baseline?: string;
  /** Undefined: every cohort (that can be carried to the baseline). */
  readonly cycles?: readonly string[];
  readonly nearMissPoints: number;
}

const INITIAL: ImpactSelection = { nearMissPoints: DEFAULT_NEAR_MISS_POINTS };
const selections = new Map<string, ImpactSelection>();
const changes = createChangeListeners();

export function useImpactSelection(
  draftId: string,
): [ImpactSelection, (change: Partial<ImpactSelection>) => void] {
  const selection = useSyncExternalStore(changes.subscribe, () => selections.get(draftId) ?? INITIAL);
  const update = useCallback(
    (change: Partial<ImpactSelection>) => {
      selections.set(draftId, { ...(selections.get(draftId) ?? INITIAL), ...change });
      changes.notify();
    },
    [draftId],
  );
  return [selection, update];
}
