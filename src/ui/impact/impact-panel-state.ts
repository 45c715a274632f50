import { useSyncExternalStore } from 'react';
import { createStore } from '../kit/external-store.ts';

/**
 * Whether the impact panel is open beside the criterion panel: one switch for every draft, remembered in
 * this browser (localStorage), so the panel is where the member left it. Small on purpose: the top bar and
 * the editor page read it before the panel's own code loads.
 */

const STORAGE_KEY = 'tierline.impact.open';

function read(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false; // Storage can be off (privacy settings); the panel then starts closed.
  }
}

const open = createStore(typeof window === 'undefined' ? false : read());

/** Opens or closes the impact panel (and remembers it). */
export function setImpactPanelOpen(next: boolean): void {
  if (next === open.get()) return;
  try {
    window.localStorage.setItem(STORAGE_KEY, next ? '1' : '0');
  } catch {
    // Not remembered, still toggled.
  }
  open.set(next);
}

export function useImpactPanelOpen(): boolean {
  return useSyncExternalStore(open.subscribe, open.get);
}
