import type * as Y from 'yjs';
import type { Criterion } from '../core/standard.ts';
import { readDraftFromDoc } from './doc-to-standard.ts';
import { CRITERION, META, draftRoots, stringField } from './draft-layout.ts';
import { type Placement, orderedKeys } from './order-keys.ts';
import { insertCriterion } from './standard-to-doc.ts';

/**
 * Adding and duplicating criteria in a live draft. Both write through `insertCriterion`, the one
 * place that knows how a criterion entry is laid out, and both pick a code no criterion has yet
 * (a duplicate code would be a validation problem from the first keystroke).
 */

const NUMBERED_CODE = /^(.*?)(\d+)$/;

/**
 * A free code for a new criterion in an area whose criteria have `areaCodes`: the next number after
 * the highest with the area's prefix (`DM1`…`DM4` → `DM5`), else `prefix1`. `taken` is every code in
 * the draft; the result is never one of them.
 */
export function suggestCriterionCode(
  areaCodes: readonly string[],
  taken: ReadonlySet<string>,
  fallbackPrefix = 'C',
): string {
  const prefixes = new Map<string, number>();
  let bestPrefix: string | undefined;
  for (const code of areaCodes) {
    const match = NUMBERED_CODE.exec(code);
    if (!match) continue;
    const prefix = match[1] ?? '';
    const count = (prefixes.get(prefix) ?? 0) + 1;
    prefixes.set(prefix, count);
    if (bestPrefix === undefined || count > (prefixes.get(bestPrefix) ?? 0)) bestPrefix = prefix;
  }
  const prefix = bestPrefix ?? fallbackPrefix;
  let next = 1;
  for (const code of areaCodes) {
    const match = NUMBERED_CODE.exec(code);
    if (match && match[1] === prefix) next = Math.max(next, Number(match[2]) + 1);
  }
  while (taken.has(`${prefix}${next}`)) next++;
  return `${prefix}${next}`;
}

function codesOf(doc: Y.Doc, area?: string): { area: string[]; all: Set<string> } {
  const inArea: string[] = [];
  const all = new Set<string>();
  draftRoots(doc).criteria.forEach((entry) => {
    const code = stringField(entry, CRITERION.id);
    if (code === undefined) return;
    all.add(code);
    if (area === undefined || entry.get(CRITERION.area) === area) inArea.push(code);
  });
  return { area: inArea, all };
}

/** Lineage for a criterion that did not exist in the `basedOn` version (none when there is no basedOn). */
function newLineage(doc: Y.Doc): Pick<Criterion, 'lineage'> {
  const basedOn = stringField(draftRoots(doc).meta, META.basedOn);
  return basedOn ? { lineage: { from: [], relation: 'new' } } : {};
}

/**
 * Adds an empty criterion ("New criterion", 1 point) to `area` at `placement`, with a fresh code;
 * returns its internal key.
 */
export function addCriterion(
  doc: Y.Doc,
  where: { readonly area: string; readonly part?: string; readonly placement: Placement },
  origin: unknown,
): string {
  const codes = codesOf(doc, where.area);
  const fallbackPrefix = where.area.slice(0, 2).toUpperCase() || 'C';
  const criterion: Criterion = {
    id: suggestCriterionCode(codes.area, codes.all, fallbackPrefix),
    title: 'New criterion',
    statement: '',
    area: where.area,
    ...(where.part === undefined ? {} : { part: where.part }),
    points: 1,
    core: false,
    prerequisites: [],
    ...newLineage(doc),
  };
  return insertCriterion(doc, criterion, where.placement, origin);
}

/**
 * Copies a criterion (statement, checklist, evidence and all) right after it, with a fresh code in
 * the same area and "(copy)" after its title. The copy is `new` in lineage: the original keeps its
 * sources, so no source gains a second successor. Returns the copy's key, or undefined when `key`
 * names no criterion.
 */
export function duplicateCriterion(doc: Y.Doc, key: string, origin: unknown): string | undefined {
  const { criteria } = draftRoots(doc);
  const index = orderedKeys(criteria).indexOf(key);
  const original = readDraftFromDoc(doc).criteria[index];
  if (index < 0 || original === undefined) return undefined;
  const codes = codesOf(doc, original.area);
  const { lineage: _lineage, ...rest } = original;
  const copy: Criterion = {
    ...rest,
    id: suggestCriterionCode(codes.area, codes.all),
    title: `${original.title} (copy)`,
    ...newLineage(doc),
  };
  return insertCriterion(doc, copy, { after: key }, origin);
}
