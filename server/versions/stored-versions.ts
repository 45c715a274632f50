import { type Standard, parseStandard } from '../../src/core/standard.ts';
import type { VersionStore } from '../store/store.ts';

/**
 * A published version as a Standard, or `undefined` when the standard has no version with this label.
 * Stored versions were validated when they were published, so one that no longer parses is a broken
 * database, reported by throwing rather than as a user's mistake.
 */
export async function readStoredVersion(
  versions: Pick<VersionStore, 'getVersion'>,
  standardId: string,
  version: string,
): Promise<Standard | undefined> {
  const record = await versions.getVersion(standardId, version);
  if (!record) return undefined;
  const parsed = parseStandard(JSON.parse(record.json));
  if (!parsed.ok) throw new Error(`stored version ${standardId} ${version} does not parse`);
  return parsed.value;
}
