import * as Y from 'yjs';
import { type Checked, ok, refused } from '../core/problems.ts';
import { Code } from '../core/standard.ts';
import { CRITERION, TIER, draftRoots, keysWithId, stringField } from './draft-layout.ts';

/**
 * Renaming a criterion's code (`DM1` → `DM01`). References hold codes, as the file format does, so
 * the rename rewrites them in the same transaction: one undo step restores both, and no peer ever
 * sees a reference to a code that no longer exists because of this rename.
 */

/** What a rename changed. */
export interface CodeRename {
  readonly from: string;
  readonly to: string;
  /** How many prerequisite and required-criteria references now name `to`. */
  readonly updatedReferences: number;
}

/**
 * Gives the criterion with internal key `key` the code `newCode` and rewrites every reference to
 * its old code — other criteria's `prerequisites` and tiers' `requiredCriteria` — in one
 * transaction with `origin` (so the user's undo covers it all).
 *
 * References stay as they are while another entry still carries the old code (a duplicate): they
 * may mean that one. Lineage `from` is left alone: it names codes of the `basedOn` version.
 * Refused, with nothing written, when `newCode` is not a valid code or another criterion has it.
 * A reference a peer adds concurrently under the old code shows up as a broken reference (C5).
 */
export function renameCriterionCode(
  doc: Y.Doc,
  key: string,
  newCode: string,
  origin?: unknown,
): Checked<CodeRename> {
  const { criteria, tiers } = draftRoots(doc);
  const entry = criteria.get(key);
  if (entry === undefined)
    return refused([{ path: 'criteria', message: `no criterion with key ${key} in this draft` }]);
  const oldCode = stringField(entry, CRITERION.id) ?? '';
  const checkedCode = Code.safeParse(newCode);
  if (!checkedCode.success) {
    return refused([{ path: 'id', message: checkedCode.error.issues[0]?.message ?? 'not a valid code' }]);
  }
  if (newCode === oldCode) return ok({ from: oldCode, to: newCode, updatedReferences: 0 });
  if (keysWithId(criteria, newCode).length > 0) {
    return refused([
      { path: 'id', message: `${newCode} is already the code of another criterion; pick another code` },
    ]);
  }
  const stillUsed = keysWithId(criteria, oldCode).some((other) => other !== key);
  let updatedReferences = 0;
  doc.transact(() => {
    entry.set(CRITERION.id, newCode);
    if (stillUsed || oldCode === '') return;
    criteria.forEach((criterion) => {
      updatedReferences += replaceCode(criterion.get(CRITERION.prerequisites), oldCode, newCode);
    });
    tiers.forEach((tier) => {
      updatedReferences += replaceCode(tier.get(TIER.requiredCriteria), oldCode, newCode);
    });
  }, origin);
  return ok({ from: oldCode, to: newCode, updatedReferences });
}

/** Replaces each `from` in a Y.Array of codes with `to`, in place; returns how many it replaced. */
function replaceCode(references: unknown, from: string, to: string): number {
  if (!(references instanceof Y.Array)) return 0;
  const codes = references as Y.Array<unknown>;
  let replaced = 0;
  codes.toArray().forEach((code, index) => {
    if (code !== from) return;
    codes.delete(index, 1);
    codes.insert(index, [to]);
    replaced++;
  });
  return replaced;
}
