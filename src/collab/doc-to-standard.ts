import type * as Y from 'yjs';
import { type Checked, type Problem, ok, problemsFromZod, refused } from '../core/problems.ts';
import { TIER_FIELDS } from '../core/standard-records.ts';
import { STANDARD_FIELDS, type Standard, StandardSchema, type Tier } from '../core/standard.ts';
import { validateStandard } from '../core/validate-standard.ts';
import { type Entry, draftRoots } from './draft-layout.ts';
import { readRecord, standardEntriesOf } from './record-forms.ts';

/**
 * Draft document → Standard: a pure derivation (it never writes to the doc), used by the server to
 * publish and by the browser to validate and preview. Lists follow each entry's `order`, ties broken
 * by internal key, so every peer with the same state derives the same standard.
 */

/**
 * The draft as a Standard object, exactly as a version file would hold it: keys in schema order,
 * every default written. Never throws, and is not checked: concurrent edits can leave duplicate ids,
 * broken references or empty titles (C5), which {@link checkDraftDoc} lists. A field missing from
 * the doc reads as an empty string, 0 or false so that checking reports it rather than crashing.
 */
export function readDraftFromDoc(doc: Y.Doc): Standard {
  const roots = draftRoots(doc);
  // The reader follows the field tables, whose types the schema is built from.
  return readRecord(roots.meta, STANDARD_FIELDS, standardEntriesOf(roots)) as Standard;
}

/**
 * The draft as a valid-shaped Standard, or the shape problems (empty title, malformed code, …) as
 * zod reports them, like `parseStandard` does for a file. Cross-references and the other F6 rules
 * are `validateStandard`'s job; {@link checkDraftDoc} runs both.
 */
export function readStandardFromDoc(doc: Y.Doc): Checked<Standard> {
  const parsed = StandardSchema.safeParse(readDraftFromDoc(doc));
  return parsed.success ? ok(parsed.data) : refused(problemsFromZod(parsed.error));
}

/** A draft and everything wrong with it: what the validation panel shows live (C5). */
export interface DraftCheck {
  readonly draft: Standard;
  /** Shape problems first, then F6 problems; empty when the draft could be published. */
  readonly problems: readonly Problem[];
}

/**
 * Reads the draft and lists every problem that would refuse publishing it: shape (zod) and F6
 * (duplicate ids, broken references, tiers out of order, …). `basedOn` is the version the draft
 * names, for lineage checks: `null` when there is no such version, which is itself a problem (H6), and
 * left out while it is not known yet.
 */
export function checkDraftDoc(doc: Y.Doc, basedOn?: Standard | null): DraftCheck {
  return checkDraftContent(readDraftFromDoc(doc), basedOn);
}

/** {@link checkDraftDoc} of content already read from the document (the server reads, then awaits its store). */
export function checkDraftContent(draft: Standard, basedOn?: Standard | null): DraftCheck {
  const parsed = StandardSchema.safeParse(draft);
  return {
    draft,
    problems: [...(parsed.success ? [] : problemsFromZod(parsed.error)), ...validateStandard(draft, basedOn)],
  };
}

/** One tier entry of the draft as the file format has it (F4). */
export function readTier(entry: Entry): Tier {
  return readRecord(entry, TIER_FIELDS) as Tier;
}
