import type * as Y from 'yjs';
import { Code } from '../core/standard.ts';
import { renameCriterionCode } from './criterion-code-rename.ts';
import { CRITERION, draftRoots, keysWithId, stringField, textValue } from './draft-layout.ts';

/**
 * What the code field of the criterion panel does with what a member typed.
 *
 * - A free, well-formed code: `renameCriterionCode`, which also rewrites prerequisites and required
 *   criteria that named the old code.
 * - A code another criterion already has: written anyway, references left alone, and reported as a
 *   duplicate. The draft is then invalid and the validation panel says so (C5) — but refusing would
 *   make swapping two codes impossible, and a collaborator may be renaming that other criterion
 *   right now.
 * - A malformed code: refused, nothing written.
 */
export type CodeChange =
  | {
      readonly ok: true;
      readonly updatedReferences: number;
      /** The other criterion that has this code too (key and title), when the code was taken. */
      readonly duplicateOf?: { readonly key: string; readonly title: string };
    }
  | { readonly ok: false; readonly message: string };

/** Sets the code of the criterion with key `key` (see {@link CodeChange}). */
export function changeCriterionCode(doc: Y.Doc, key: string, code: string, origin: unknown): CodeChange {
  const checked = Code.safeParse(code);
  if (!checked.success) return { ok: false, message: checked.error.issues[0]?.message ?? 'not a valid code' };
  const { criteria } = draftRoots(doc);
  const entry = criteria.get(key);
  if (!entry) return { ok: false, message: 'this criterion was deleted' };
  const other = keysWithId(criteria, code).find((candidate) => candidate !== key);
  if (other !== undefined) {
    const title = textValue(criteria.get(other) ?? entry, CRITERION.title) ?? '';
    if (stringField(entry, CRITERION.id) !== code) doc.transact(() => entry.set(CRITERION.id, code), origin);
    return { ok: true, updatedReferences: 0, duplicateOf: { key: other, title } };
  }
  const renamed = renameCriterionCode(doc, key, code, origin);
  if (!renamed.ok)
    return { ok: false, message: renamed.problems[0]?.message ?? 'the code could not be changed' };
  return { ok: true, updatedReferences: renamed.value.updatedReferences };
}
