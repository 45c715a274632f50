import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { META, stringField } from '../../collab/draft-layout.ts';
import type { Standard } from '../../core/standard.ts';
import { api } from '../app/api-client.ts';
import { useYVersion } from './use-y.ts';

// Published versions never change (V1), so one fetch per version serves every draft and remount.
const versions = new Map<string, Promise<Standard | undefined>>();

function fetchVersion(standardId: string, version: string): Promise<Standard | undefined> {
  const key = `${standardId}@${version}`;
  let pending = versions.get(key);
  if (!pending) {
    // The server validated the version when it was published; it is used as stored.
    pending = api.version(standardId, version).then(
      (json) => json as Standard,
      () => {
        versions.delete(key);
        return undefined;
      },
    );
    versions.set(key, pending);
  }
  return pending;
}

/** The published version a draft is based on (its `meta.basedOn`), once fetched; undefined before, or when there is none. */
export function useBasedOnVersion(meta: Y.Map<unknown>): Standard | undefined {
  useYVersion(meta, false);
  const standardId = stringField(meta, META.id);
  const basedOn = stringField(meta, META.basedOn);
  const [loaded, setLoaded] = useState<Standard | undefined>();
  useEffect(() => {
    if (!standardId || !basedOn) {
      setLoaded(undefined);
      return;
    }
    let current = true;
    void fetchVersion(standardId, basedOn).then((standard) => {
      if (current) setLoaded(standard);
    });
    return () => {
      current = false;
    };
  }, [standardId, basedOn]);
  return loaded?.id === standardId && loaded?.version === basedOn ? loaded : undefined;
}
