import * as Y from 'yjs';
import {
  CHECKLIST,
  CHECKLIST_ITEM,
  CRITERION,
  DRAFT_LAYOUT_VERSION,
  type EntryCollection,
  LINEAGE,
  META,
  NAMED,
  TIER,
  draftRoots,
} from '../../src/collab/draft-layout.ts';
import { ordersBetween } from '../../src/collab/order-keys.ts';
import { writeMarkdownToFragment } from '../../src/collab/statement-markdown.ts';
import type { Criterion, Standard, Tier } from '../../src/core/standard.ts';
import type { SeededRandom } from '../../server/random/seeded-random.ts';

/**
 * Writes draft entries following the documented layout (`draft-layout.ts`) with entry keys drawn from a
 * seeded generator. `writeStandardToDoc` and `insertCriterion` draw keys from `crypto`, and keys break ties
 * between equal `order`s, so a fuzz run built on them could not be replayed from its seed. The convergence
 * fuzz checks that `readDraftFromDoc` reads back exactly what this writes, so the two cannot drift apart.
 */

/** A new entry key from the seeded generator (hex, like no uuid the app makes). */
export function seededKey(random: SeededRandom): string {
  return `k${random.int(0, 0xffffffff).toString(16).padStart(8, '0')}${random.int(0, 0xffff).toString(16)}`;
}

/** Fills an empty doc with `standard`, in one transaction. */
export function writeSeededDraft(doc: Y.Doc, standard: Standard, random: SeededRandom): void {
  doc.transact(() => {
    const { meta, parts, areas, criteria, tiers } = draftRoots(doc);
    meta.set(META.layoutVersion, DRAFT_LAYOUT_VERSION);
    meta.set(META.id, standard.id);
    meta.set(META.title, new Y.Text(standard.title));
    meta.set(META.version, standard.version);
    meta.set(META.basedOn, standard.basedOn);
    meta.set(META.status, standard.status);
    if (standard.effective) meta.set(META.effective, { ...standard.effective });
    meta.set(META.eligibility, { minPopulation: standard.eligibility.minPopulation });
    meta.set(META.hasParts, standard.parts !== undefined);
    meta.set(META.partCoveragePercent, standard.partCoveragePercent);
    if (standard.notes !== undefined) meta.set(META.notes, new Y.Text(standard.notes));
    const fill = <T>(
      collection: EntryCollection,
      items: readonly T[],
      write: (entry: Y.Map<unknown>, item: T) => void,
    ) => {
      const orders = ordersBetween(null, null, items.length);
      items.forEach((item, index) => {
        const entry = collection.set(seededKey(random), new Y.Map<unknown>());
        write(entry, item);
        entry.set(NAMED.order, orders[index]);
      });
    };
    const writeNamed = (entry: Y.Map<unknown>, named: { id: string; name: string }) => {
      entry.set(NAMED.id, named.id);
      entry.set(NAMED.name, new Y.Text(named.name));
    };
    fill(parts, standard.parts ?? [], writeNamed);
    fill(areas, standard.areas, writeNamed);
    fill(criteria, standard.criteria, (entry, criterion) => writeCriterionFields(entry, criterion, random));
    fill(tiers, standard.tiers, writeTierFields);
  });
}

/** Writes every field of a criterion into an (integrated) entry map; `order` is the caller's. */
export function writeCriterionFields(
  entry: Y.Map<unknown>,
  criterion: Criterion,
  random: SeededRandom,
): void {
  entry.set(CRITERION.id, criterion.id);
  entry.set(CRITERION.title, new Y.Text(criterion.title));
  writeMarkdownToFragment(entry.set(CRITERION.statement, new Y.XmlFragment()), criterion.statement);
  entry.set(CRITERION.area, criterion.area);
  if (criterion.part !== undefined) entry.set(CRITERION.part, criterion.part);
  entry.set(CRITERION.points, criterion.points);
  entry.set(CRITERION.core, criterion.core);
  entry.set(CRITERION.prerequisites, Y.Array.from([...criterion.prerequisites]));
  if (criterion.checklist) {
    const checklist = entry.set(CRITERION.checklist, new Y.Map<unknown>());
    checklist.set(CHECKLIST.minMet, criterion.checklist.minMet);
    const items = checklist.set(CHECKLIST.items, new Y.Map<Y.Map<unknown>>());
    const orders = ordersBetween(null, null, criterion.checklist.items.length);
    criterion.checklist.items.forEach((item, index) => {
      const itemEntry = items.set(seededKey(random), new Y.Map<unknown>());
      itemEntry.set(CHECKLIST_ITEM.id, item.id);
      itemEntry.set(CHECKLIST_ITEM.text, new Y.Text(item.text));
      itemEntry.set(CHECKLIST_ITEM.order, orders[index]);
    });
  }
  if (criterion.evidence) {
    entry.set(CRITERION.evidence, Y.Array.from(criterion.evidence.map((text) => new Y.Text(text))));
  }
  if (criterion.notes !== undefined) entry.set(CRITERION.notes, new Y.Text(criterion.notes));
  if (criterion.lineage) {
    const lineage = entry.set(CRITERION.lineage, new Y.Map<unknown>());
    lineage.set(LINEAGE.from, Y.Array.from([...criterion.lineage.from]));
    lineage.set(LINEAGE.relation, criterion.lineage.relation);
  }
}

/** Writes every field of a tier into an (integrated) entry map; `order` is the caller's. */
export function writeTierFields(entry: Y.Map<unknown>, tier: Tier): void {
  entry.set(TIER.id, tier.id);
  entry.set(TIER.name, new Y.Text(tier.name));
  entry.set(TIER.minPercent, tier.minPercent);
  entry.set(TIER.requireCore, tier.requireCore);
  entry.set(TIER.requiredCriteria, Y.Array.from([...tier.requiredCriteria]));
  if (tier.minPartsCovered !== undefined) entry.set(TIER.minPartsCovered, tier.minPartsCovered);
}
