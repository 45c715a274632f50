import { useSyncExternalStore } from 'react';
import { createChangeListeners } from '../kit/external-store.ts';

/**
 * Client-side navigation over the History API: a `pushState` that tells subscribers, so the app
 * re-renders the page for the new path without reloading.
 */

const navigations = createChangeListeners();

function subscribe(listener: () => void): () => void {
  const unsubscribe = navigations.subscribe(listener);
  window.addEventListener('popstate', listener);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', listener);
  };
}

/**
 * Goes to `path` (adds a history entry, or replaces the current one). Going where the page already is
 * adds nothing: Back must not take a member to the same place twice.
 */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const { pathname, search, hash } = window.location;
  if (path === pathname + search + hash) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  navigations.notify();
}

/** The current path name; re-renders on navigation and on back/forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The current query string (`?…` or `''`); re-renders on navigation and on back/forward. */
export function useLocationSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/**
 * Click handler for in-app links: plain left clicks navigate without a reload; modified clicks
 * (new tab, new window) keep the browser's behaviour.
 */
export function followLink(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  ) {
    return;
  }
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
