import type { Standard } from './standard.ts';

/**
 * The label a new draft proposes for the version after `version`: `3.0` → `3.1`, `2024` → `2025`,
 * anything else gets `-next`. Only a suggestion; the chair picks the label when publishing.
 */
export function suggestNextVersionLabel(version: string, taken: readonly string[] = []): string {
  const bump = (label: string): string => {
    const dotted = /^(.*?)(\d+)$/.exec(label);
    return dotted ? `${dotted[1] ?? ''}${Number(dotted[2]) + 1}` : `${label}-next`;
  };
  let next = bump(version);
  while (taken.includes(next)) next = bump(next);
  return next;
}

/**
 * A new draft started from a version (V2): `basedOn` is that version, status `draft`, and every
 * criterion's lineage is `same` as itself, so re-scoring past applicants carries their answers over
 * until someone changes a criterion's relation.
 */
export function draftFromVersion(version: Standard, nextLabel: string): Standard {
  // The new version's dates are not known yet; the chair sets them when publishing.
  // A draft lives in the document, not in a file: it names no file schema (the file writer adds `$schema`).
  const { effective: _effective, $schema: _schema, ...rest } = version;
  return {
    ...rest,
    version: nextLabel,
    basedOn: version.version,
    status: 'draft',
    criteria: version.criteria.map((criterion) => ({
      ...criterion,
      lineage: { from: [criterion.id], relation: 'same' as const },
    })),
  };
}
