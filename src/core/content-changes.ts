import { toCanonicalJson } from './canonical-json.ts';
import type { Standard } from './standard.ts';

/**
 * Whether `next` says anything `base` does not (V1): publishing a draft that equals the version it is based
 * on would make a second, identical version. Compared apart from what every publish changes anyway — the
 * version label, `basedOn`, status, effective dates — lineage, which in a fresh draft only says "same"
 * to each criterion of `base`, and `$schema`, which names the file's schema and says nothing of the standard.
 */
export function hasContentChanges(base: Standard, next: Standard): boolean {
  return toCanonicalJson(comparable(base)) !== toCanonicalJson(comparable(next));
}

function comparable(
  standard: Standard,
): Omit<Standard, 'version' | 'basedOn' | 'status' | 'effective' | '$schema'> {
  const {
    version: _version,
    basedOn: _basedOn,
    status: _status,
    effective: _effective,
    $schema: _schema,
    ...rest
  } = standard;
  return {
    ...rest,
    criteria: rest.criteria.map(({ lineage: _lineage, ...criterion }) => criterion),
  };
}
