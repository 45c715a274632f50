/**
 * The one way state outside React tells components it changed: a set of listeners in the shape
 * `useSyncExternalStore` subscribes with, and a value store built on it.
 */

/** A value outside React that components subscribe to with `useSyncExternalStore`. */
export interface ExternalStore<T> {
  readonly get: () => T;
  readonly subscribe: (listener: () => void) => () => void;
}

/** Listeners to tell of a change; `subscribe` returns the unsubscribe React expects. */
export interface ChangeListeners {
  readonly subscribe: (listener: () => void) => () => void;
  readonly notify: () => void;
}

/** An empty set of change listeners. */
export function createChangeListeners(): ChangeListeners {
  const listeners = new Set<() => void>();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    notify: () => {
      // A copy: a listener that unsubscribes (or subscribes another) while told must not skip or repeat one.
      for (const listener of [...listeners]) listener();
    },
  };
}

/** A value store: `set` tells subscribers only when the value really changed (`Object.is`). */
export function createStore<T>(initial: T): ExternalStore<T> & { readonly set: (next: T) => void } {
  let value = initial;
  const listeners = createChangeListeners();
  return {
    get: () => value,
    set: (next: T) => {
      if (Object.is(next, value)) return;
      value = next;
      listeners.notify();
    },
    subscribe: listeners.subscribe,
  };
}
