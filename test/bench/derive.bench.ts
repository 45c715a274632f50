import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { CRITERION, draftRoots, fragmentField } from '../../src/collab/draft-layout.ts';
import { createDraftSnapshot } from '../../src/collab/draft-snapshot.ts';
import { orderedKeys } from '../../src/collab/order-keys.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { draftFromVersion } from '../../src/core/draft-from-version.ts';
import { parseStandard } from '../../src/core/standard.ts';
import { measureMedianMs, report } from './measure.ts';

/**
 * Deriving the draft after one statement keystroke, on the WWC 3.0 draft as the seed makes it (a 3.1 draft
 * of version 3.0): the live snapshot re-reads one criterion and re-serialises one statement
 * (`derive-keystroke-wwc3`), where `readDraftFromDoc` reads and serialises everything (`derive-full-wwc3`).
 * The keystroke itself (a Yjs transaction) is timed in both, so the two differ by the derivation only.
 */
function seededWwc3Doc(): Y.Doc {
  const file = new URL('../../standards/what-works-cities/3.0.json', import.meta.url);
  const parsed = parseStandard(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.ok) throw new Error(`standards/what-works-cities/3.0.json does not parse`);
  const doc = new Y.Doc();
  writeStandardToDoc(doc, draftFromVersion(parsed.value, '3.1'));
  return doc;
}

/** A keystroke in the middle criterion's statement: one character into its first text node. */
function keystroke(doc: Y.Doc): () => void {
  const { criteria } = draftRoots(doc);
  const keys = orderedKeys(criteria);
  const fragment = fragmentField(
    criteria.get(keys[Math.floor(keys.length / 2)] ?? '') ?? new Y.Map(),
    CRITERION.statement,
  );
  let text: Y.XmlText | undefined;
  for (const node of fragment?.createTreeWalker(() => true) ?? []) {
    if (node instanceof Y.XmlText) {
      text = node;
      break;
    }
  }
  if (!text) throw new Error('the WWC 3.0 draft has no statement text to type into');
  const node = text;
  let typed = 0;
  return () => {
    // Type, then delete, so the statement does not grow over thousands of runs.
    doc.transact(() => (typed++ % 2 === 0 ? node.insert(1, 'x') : node.delete(1, 1)));
  };
}

const benchmark = (): void => {
  const snapshotDoc = seededWwc3Doc();
  const snapshot = createDraftSnapshot(snapshotDoc);
  snapshot.current();
  const typeInSnapshotDoc = keystroke(snapshotDoc);
  report(
    'derive-keystroke-wwc3',
    measureMedianMs(
      () => {
        typeInSnapshotDoc();
        return snapshot.current();
      },
      { warmup: 200, runs: 501 },
    ),
    'ms',
  );

  const fullDoc = seededWwc3Doc();
  const typeInFullDoc = keystroke(fullDoc);
  report(
    'derive-full-wwc3',
    measureMedianMs(
      () => {
        typeInFullDoc();
        return readDraftFromDoc(fullDoc);
      },
      { warmup: 20, runs: 101 },
    ),
    'ms',
  );
};

export default benchmark;
