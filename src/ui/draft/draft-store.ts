import type * as Y from 'yjs';
import { type DraftList, createDraftSnapshot } from '../../collab/draft-snapshot.ts';
import type { Standard } from '../../core/standard.ts';
import { type ExternalStore, createChangeListeners } from '../kit/external-store.ts';

/**
 * The session's one live reading of its draft, as a store components subscribe to with
 * `useSyncExternalStore`: the validation panel, the impact preview, the outline and the publish dialog's
 * diff all read this instead of each reading the whole doc on every keystroke. Its value keeps its identity
 * while the draft does not change, and so does every entry that did not change.
 */
export interface DraftStore extends ExternalStore<Standard> {
  /** The internal keys of a list, index for index with `get()`'s list. */
  readonly keys: (list: DraftList) => readonly string[];
  readonly destroy: () => void;
}

/** Starts reading `doc` live; subscribers are told once per transaction that changed the draft. */
export function createDraftStore(doc: Y.Doc): DraftStore {
  const listeners = createChangeListeners();
  const snapshot = createDraftSnapshot(doc, { onChange: listeners.notify });
  return {
    get: snapshot.current,
    subscribe: listeners.subscribe,
    keys: snapshot.keys,
    destroy: snapshot.destroy,
  };
}
