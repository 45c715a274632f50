import type * as Y from 'yjs';
import { CRITERION, draftRoots, textField } from '../../src/collab/draft-layout.ts';
import { moveEntry, orderedEntries } from '../../src/collab/order-keys.ts';
import type { SeededRandom } from '../../server/random/seeded-random.ts';

/**
 * One edit a committee member could make to a seeded draft: type or delete in a criterion title, set its
 * points, or move it. Titles never become empty, so the draft stays valid and every problem a test finds
 * afterwards comes from what it is testing.
 */
export function randomDraftEdit(doc: Y.Doc, random: SeededRandom): void {
  const { criteria } = draftRoots(doc);
  const entries = orderedEntries(criteria);
  if (entries.length === 0) return;
  const { key, entry } = random.pick(entries);
  const title = textField(entry, CRITERION.title);
  switch (random.int(0, 3)) {
    case 0:
      title?.insert(random.int(0, title.length), random.pick([' city', ' data', 'x']));
      break;
    case 1:
      if (title && title.length > 3) title.delete(random.int(0, title.length - 2), 1);
      break;
    case 2:
      entry.set(CRITERION.points, random.int(0, 10));
      break;
    default: {
      const anchor = random.pick(entries).key;
      moveEntry(criteria, key, { after: anchor === key ? null : anchor });
    }
  }
}
