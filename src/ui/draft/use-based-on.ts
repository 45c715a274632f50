import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { metaView } from '../../collab/record-views.ts';
import type { Standard } from '../../core/standard.ts';
import { ApiError, api } from '../shell/api-client.ts';
import { useYVersion } from './use-y.ts';

/** A looked-up version: the version, or `null` when the server says there is no such version. */
type Lookup = Standard | null;

// Published versions never change (V1), so one fetch per version serves every draft and remount. A failed
// lookup is not kept: a missing version may be published later, so it is asked for again on the next mount.
const versions = new Map<string, Promise<Lookup | undefined>>();

function fetchVersion(standardId: string, version: string): Promise<Lookup | undefined> {
  const key = `${standardId}@${version}`;
  let pending = versions.get(key);
  if (!pending) {
    // The server validated the version when it was published; it is used as stored.
    pending = api.version(standardId, version).then(
      (json) => json as Standard,
      (error: unknown) => {
        versions.delete(key);
        // Not found: the draft names a version that does not exist (H6). Anything else (offline, 500)
        // says nothing about the version, so the check waits rather than report a false problem.
        return error instanceof ApiError && error.status === 404 ? null : undefined;
      },
    );
    versions.set(key, pending);
  }
  return pending;
}

/**
 * The version a draft is based on (its `meta.basedOn`), as looked up: the version once fetched, `null` when
 * the draft names a version that does not exist (the validation panel reports it, H6), undefined before
 * the answer or when the draft is based on nothing.
 */
export function useBasedOnLookup(meta: Y.Map<unknown>): Standard | null | undefined {
  useYVersion(meta, false);
  const { id: standardId, basedOn } = metaView(meta);
  const [loaded, setLoaded] = useState<{ key: string; lookup: Lookup } | undefined>();
  const key = `${standardId ?? ''}@${basedOn ?? ''}`;
  useEffect(() => {
    if (!standardId || !basedOn) {
      setLoaded(undefined);
      return;
    }
    let current = true;
    void fetchVersion(standardId, basedOn).then((lookup) => {
      if (current) setLoaded(lookup === undefined ? undefined : { key: `${standardId}@${basedOn}`, lookup });
    });
    return () => {
      current = false;
    };
  }, [standardId, basedOn]);
  return loaded?.key === key ? loaded.lookup : undefined;
}

/** The published version a draft is based on (its `meta.basedOn`), once fetched; undefined before, or when there is none. */
export function useBasedOnVersion(meta: Y.Map<unknown>): Standard | undefined {
  return useBasedOnLookup(meta) ?? undefined;
}
