import type * as Y from 'yjs';
import { type Checked, type Problem, ok, problemsFromZod, refused } from '../core/problems.ts';
import {
  type Area,
  type Checklist,
  type Criterion,
  type Lineage,
  type LineageRelation,
  STANDARD_SCHEMA_VERSION,
  type Standard,
  StandardSchema,
  type StandardStatus,
  type Tier,
} from '../core/standard.ts';
import { validateStandard } from '../core/validate-standard.ts';
import {
  CHECKLIST,
  CHECKLIST_ITEM,
  CRITERION,
  type Entry,
  type EntryCollection,
  LINEAGE,
  META,
  NAMED,
  TIER,
  arrayField,
  booleanField,
  draftRoots,
  fragmentField,
  mapField,
  numberField,
  stringField,
  stringsValue,
  textValue,
} from './draft-layout.ts';
import { orderedEntries } from './order-keys.ts';
import { fragmentToMarkdown } from './statement-markdown.ts';

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
  const { meta, parts, areas, criteria, tiers } = draftRoots(doc);
  const partList = orderedEntries(parts).map(({ entry }) => readNamed(entry));
  const effective = meta.get(META.effective);
  const notes = textValue(meta, META.notes);
  return {
    kind: 'standard',
    schemaVersion: STANDARD_SCHEMA_VERSION,
    id: stringField(meta, META.id) ?? '',
    title: textValue(meta, META.title) ?? '',
    version: stringField(meta, META.version) ?? '',
    basedOn: stringField(meta, META.basedOn) ?? null,
    status: (stringField(meta, META.status) ?? '') as StandardStatus,
    ...(isRecord(effective) ? { effective: readEffective(effective) } : {}),
    eligibility: { minPopulation: numberIn(meta.get(META.eligibility), 'minPopulation') },
    ...(booleanField(meta, META.hasParts) === true || partList.length > 0 ? { parts: partList } : {}),
    areas: orderedEntries(areas).map(({ entry }) => readNamed(entry)),
    criteria: orderedEntries(criteria).map(({ entry }) => readCriterion(entry)),
    tiers: orderedEntries(tiers).map(({ entry }) => readTier(entry)),
    partCoveragePercent: numberField(meta, META.partCoveragePercent) ?? 0,
    ...(notes === undefined ? {} : { notes }),
  };
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

function readEffective(effective: Record<string, unknown>): NonNullable<Standard['effective']> {
  const until = effective['until'];
  return { from: stringIn(effective, 'from'), ...(typeof until === 'string' ? { until } : {}) };
}

function readNamed(entry: Entry): Area {
  return { id: stringField(entry, NAMED.id) ?? '', name: textValue(entry, NAMED.name) ?? '' };
}

function readCriterion(entry: Entry): Criterion {
  const part = stringField(entry, CRITERION.part);
  const checklist = mapField(entry, CRITERION.checklist);
  const evidence = arrayField(entry, CRITERION.evidence);
  const notes = textValue(entry, CRITERION.notes);
  const lineage = mapField(entry, CRITERION.lineage);
  const statement = fragmentField(entry, CRITERION.statement);
  return {
    id: stringField(entry, CRITERION.id) ?? '',
    title: textValue(entry, CRITERION.title) ?? '',
    statement: statement ? fragmentToMarkdown(statement) : '',
    area: stringField(entry, CRITERION.area) ?? '',
    ...(part === undefined ? {} : { part }),
    points: numberField(entry, CRITERION.points) ?? 0,
    core: booleanField(entry, CRITERION.core) ?? false,
    prerequisites: stringsValue(entry, CRITERION.prerequisites) ?? [],
    ...(checklist ? { checklist: readChecklist(checklist) } : {}),
    ...(evidence ? { evidence: evidence.toArray().map((text) => String(text)) } : {}),
    ...(notes === undefined ? {} : { notes }),
    ...(lineage ? { lineage: readLineage(lineage) } : {}),
  };
}

function readChecklist(checklist: Y.Map<unknown>): Checklist {
  const items = mapField(checklist, CHECKLIST.items) as EntryCollection | undefined;
  return {
    items: items
      ? orderedEntries(items).map(({ entry }) => ({
          id: stringField(entry, CHECKLIST_ITEM.id) ?? '',
          text: textValue(entry, CHECKLIST_ITEM.text) ?? '',
        }))
      : [],
    minMet: numberField(checklist, CHECKLIST.minMet) ?? 0,
  };
}

function readLineage(lineage: Y.Map<unknown>): Lineage {
  return {
    from: stringsValue(lineage, LINEAGE.from) ?? [],
    relation: (stringField(lineage, LINEAGE.relation) ?? '') as LineageRelation,
  };
}

/** One tier entry of the draft as the file format has it (F4). */
export function readTier(entry: Entry): Tier {
  const minPartsCovered = numberField(entry, TIER.minPartsCovered);
  return {
    id: stringField(entry, TIER.id) ?? '',
    name: textValue(entry, TIER.name) ?? '',
    minPercent: numberField(entry, TIER.minPercent) ?? 0,
    requireCore: booleanField(entry, TIER.requireCore) ?? false,
    requiredCriteria: stringsValue(entry, TIER.requiredCriteria) ?? [],
    ...(minPartsCovered === undefined ? {} : { minPartsCovered }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringIn(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  return typeof value === 'string' ? value : '';
}

function numberIn(value: unknown, key: string): number {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'number' ? field : 0;
}
