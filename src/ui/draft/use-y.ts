import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

/**
 * React subscriptions to Yjs shared types. A type gets one observer for its lifetime, which bumps a
 * version number on every change; components subscribe to that number with `useSyncExternalStore`
 * and derive what they show from the type itself (cheap, and never stale or torn).
 */

// Yjs types are invariant in their event type: only `any` accepts every Y.Map, Y.Text, Y.XmlFragment, …
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyYType = Y.AbstractType<any>;

interface Versioned {
  version: number;
  readonly listeners: Set<() => void>;
}

const deepVersions = new WeakMap<AnyYType, Versioned>();
const shallowVersions = new WeakMap<AnyYType, Versioned>();

function versioned(type: AnyYType, deep: boolean): Versioned {
  const table = deep ? deepVersions : shallowVersions;
  let record = table.get(type);
  if (!record) {
    const created: Versioned = { version: 0, listeners: new Set() };
    const bump = () => {
      created.version++;
      for (const listener of created.listeners) listener();
    };
    if (deep) type.observeDeep(bump);
    else type.observe(bump);
    table.set(type, created);
    record = created;
  }
  return record;
}

const noop = () => () => {};

/**
 * A number that changes whenever `type` (and, when `deep`, anything inside it) changes. Use it as
 * a dependency of whatever the component derives from the type. `undefined` is allowed (a field
 * that does not exist yet) and gives 0.
 */
export function useYVersion(type: AnyYType | undefined, deep = true): number {
  const subscribe = useCallback(
    (listener: () => void) => {
      if (!type) return noop();
      const record = versioned(type, deep);
      record.listeners.add(listener);
      return () => {
        record.listeners.delete(listener);
      };
    },
    [type, deep],
  );
  return useSyncExternalStore(subscribe, () => (type ? versioned(type, deep).version : 0));
}
