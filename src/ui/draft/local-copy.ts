import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * This browser's copy of a draft (C6): the Y.Doc kept in IndexedDB by y-indexeddb, one database per member
 * and draft, so edits made offline survive closing the tab and restarting the browser and go out on the
 * next connection. The copy only ever holds what the server sent plus this member's edits: the doc it
 * persists starts empty and is filled by the server (it seeds drafts), never from a file or a default.
 *
 * Beside it, in localStorage, the number of this member's edits to the draft the server has not yet
 * confirmed storing. The save acknowledgement counts updates per page (see sync-protocol.ts); this number
 * carries the unconfirmed ones over a restart, so the badge is truthful before the first sync ("3 waiting"),
 * and after it, once the echo confirms them, 0. It is written synchronously with every edit and every
 * confirmation, so it never says 0 while something waits; it can only overcount (an edit stored but not
 * confirmed before the tab closed), and the next confirmation corrects that.
 */

const DATABASE_PREFIX = 'tierline-draft';
const UNSENT_PREFIX = 'tierline-unsent';

const keyFor = (prefix: string, memberId: string, draftId: string) =>
  `${prefix}:${encodeURIComponent(memberId)}:${encodeURIComponent(draftId)}`;
const memberPrefix = (prefix: string, memberId: string) => `${prefix}:${encodeURIComponent(memberId)}:`;

/** A draft's copy in this browser, attached to the session's doc. */
export interface LocalCopy {
  /** Resolves once what the copy held is in the doc (at once where IndexedDB is unavailable). */
  readonly loaded: Promise<void>;
  /** Edits this member made here that the server has not confirmed (carried over restarts). */
  readonly unsent: () => number;
  readonly setUnsent: (count: number) => void;
  /** Whether `origin` is the copy loading itself into the doc (not an edit of the member's). */
  readonly isLoading: (origin: unknown) => boolean;
  /** Stops writing (the doc stays); the copy stays for next time. */
  readonly close: () => void;
}

/** How long the editor waits for IndexedDB before it connects without the copy. */
const LOAD_TIMEOUT_MS = 3_000;

/** Opens (or creates) the copy of `draftId` for `memberId` and loads it into `doc`. */
export function openLocalCopy(doc: Y.Doc, memberId: string, draftId: string): LocalCopy {
  const unsentKey = keyFor(UNSENT_PREFIX, memberId, draftId);
  let persistence: IndexeddbPersistence | null = null;
  let loaded: Promise<void> = Promise.resolve();
  if (typeof indexedDB !== 'undefined') {
    try {
      const opened = new IndexeddbPersistence(keyFor(DATABASE_PREFIX, memberId, draftId), doc);
      persistence = opened;
      // Storage refused (private mode, quota) must not keep the draft from opening: it opens from the server.
      loaded = Promise.race([
        opened.whenSynced.then(() => undefined),
        new Promise<void>((resolve) => setTimeout(resolve, LOAD_TIMEOUT_MS)),
      ]);
    } catch (error) {
      console.warn('Tierline: this browser cannot keep drafts offline', error);
    }
  }
  return {
    loaded,
    unsent: () => readCount(unsentKey),
    setUnsent: (count) => writeCount(unsentKey, count),
    isLoading: (origin) => persistence !== null && origin === persistence,
    close: () => {
      void persistence?.destroy();
    },
  };
}

/** Edits of `memberId`, in every draft, that this browser holds and the server has not confirmed. */
export function unsentLocalEdits(memberId: string): number {
  const prefix = memberPrefix(UNSENT_PREFIX, memberId);
  let total = 0;
  for (const key of storageKeys()) if (key.startsWith(prefix)) total += readCount(key);
  return total;
}

/**
 * Deletes every draft copy of `memberId` from this browser (sign-out, or the server said the member was
 * removed: a shared computer must not keep their drafts). Open sessions keep their docs in memory.
 */
export async function forgetLocalCopies(memberId: string): Promise<void> {
  const unsentPrefix = memberPrefix(UNSENT_PREFIX, memberId);
  for (const key of storageKeys()) if (key.startsWith(unsentPrefix)) localStorage.removeItem(key);
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const prefix = memberPrefix(DATABASE_PREFIX, memberId);
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .map((database) => database.name)
      .filter((name): name is string => name?.startsWith(prefix) === true)
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            // Blocked: a tab still has it open; it is deleted when that tab lets go.
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}

/** The count stored under `key` (0 when missing or not a count). */
export function parseUnsentCount(stored: string | null): number {
  const count = Number(stored);
  return Number.isSafeInteger(count) && count > 0 ? count : 0;
}

function readCount(key: string): number {
  try {
    return parseUnsentCount(localStorage.getItem(key));
  } catch {
    return 0;
  }
}

function writeCount(key: string, count: number): void {
  try {
    if (count > 0) localStorage.setItem(key, String(count));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or refused: the count is then only as good as this page's.
  }
}

function storageKeys(): string[] {
  try {
    return Array.from({ length: localStorage.length }, (_, index) => localStorage.key(index) ?? '');
  } catch {
    return [];
  }
}
