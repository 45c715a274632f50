import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkDraftDoc, readDraftFromDoc, readStandardFromDoc } from '../../src/collab/doc-to-standard.ts';
import {
  CRITERION,
  META,
  draftRoots,
  fragmentField,
  keysWithId,
  textField,
} from '../../src/collab/draft-layout.ts';
import { fragmentToMarkdown } from '../../src/collab/statement-markdown.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import { standardFileText } from '../../src/core/document-files.ts';
import { STANDARD_SCHEMA_REFERENCE, type Standard } from '../../src/core/standard.ts';
import { smallStandard } from './draft-peers.ts';
import { seedStandards } from './seed-standards.ts';

/** Seeds a draft on one doc and reads it back on another, as server and browser do. */
function throughDraft(standard: Standard): Standard {
  const server = new Y.Doc();
  writeStandardToDoc(server, standard);
  const browser = new Y.Doc();
  Y.applyUpdate(browser, Y.encodeStateAsUpdate(server));
  const read = readStandardFromDoc(browser);
  if (!read.ok) throw new Error(`the draft does not read back: ${JSON.stringify(read.problems)}`);
  return read.value;
}

describe('standard → draft document → standard', () => {
  const seeds = seedStandards();

  it('[V3] there are seed versions to check', () => {
    expect(seeds.map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        'standards/what-works-cities/3.0.json',
        'standards/green-building-rating/1.0.json',
      ]),
    );
  });

  it.each(seeds.map((seed) => [seed.path, seed] as const))(
    '[V3] standard → doc → standard is lossless for %s (same object, same file bytes)',
    (_path, { standard, text }) => {
      const back = throughDraft(standard);
      // `$schema` tells editors where the JSON Schema is; the draft leaves it to the file writer.
      const { $schema, ...content } = standard;
      expect($schema).toBe(STANDARD_SCHEMA_REFERENCE);
      expect(back).toEqual(content);
      expect(standardFileText(back)).toBe(text);
    },
  );

  it('[V3] optional fields round-trip whether present, empty or absent (F2–F4)', () => {
    const base = smallStandard();
    const [first, second, ...rest] = base.criteria;
    if (!first || !second) throw new Error('the fixture has criteria');
    const everything: Standard = {
      ...base,
      basedOn: '1.0',
      effective: { from: '2025-01-01', until: '2025-12-31' },
      parts: [{ id: 'commit', name: 'Commit' }],
      criteria: [
        {
          ...first,
          part: 'commit',
          intent: 'Why it **matters**, for assessors.',
          notes: 'Reworded.',
          evidence: [],
          lineage: { from: ['OD1', 'OD9'], relation: 'merged' },
        },
        { ...second, notes: '', statement: '' },
        ...rest,
      ],
      tiers: base.tiers.map((tier) => ({ ...tier, minPartsCovered: 1 })),
      partCoveragePercent: 62.5,
      notes: '# Provenance\n\nMarkdown *notes*, kept as typed.',
    };
    expect(throughDraft(everything)).toEqual(everything);
    expect(throughDraft({ ...base, parts: [] })).toEqual({ ...base, parts: [] });
    expect(throughDraft({ ...base, effective: { from: '2025-01-01' } })).toEqual({
      ...base,
      effective: { from: '2025-01-01' },
    });
    expect(throughDraft(base)).toEqual(base);
    expect(Object.keys(throughDraft(base))).not.toContain('parts');
    // An optional rich text left empty (an intent added, nothing typed) is no intent in the file.
    const emptyIntent = throughDraft({ ...base, criteria: [{ ...first, intent: '' }, second, ...rest] });
    expect(emptyIntent.criteria[0]).toEqual(first);
  });

  it('[C1] entries are keyed by random internal keys, never by their code', () => {
    const doc = new Y.Doc();
    writeStandardToDoc(doc, smallStandard());
    const keys = [...draftRoots(doc).criteria.keys()];
    expect(keys).toHaveLength(4);
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keysWithId(draftRoots(doc).criteria, 'OD2')).toHaveLength(1);
  });

  it('[C1] titles are Y.Text and statements Y.XmlFragment, so people can type into them together', () => {
    const doc = new Y.Doc();
    writeStandardToDoc(doc, smallStandard());
    const entry = draftRoots(doc).criteria.get(keysWithId(draftRoots(doc).criteria, 'OD1')[0] ?? '');
    expect(entry && textField(entry, CRITERION.title)?.toJSON()).toBe('Criterion OD1');
    const statement = entry && fragmentField(entry, CRITERION.statement);
    expect(statement && fragmentToMarkdown(statement)).toBe('The city does **OD1**.');
    expect(textField(draftRoots(doc).meta, META.title)?.toJSON()).toBe('Civic Data Standard');
  });

  it('[V2] seeding happens in one transaction with the given origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    writeStandardToDoc(doc, smallStandard(), 'seed');
    expect(origins).toEqual(['seed']);
  });

  it('[V2] a doc that already holds a draft is refused, and left as it was', () => {
    const doc = new Y.Doc();
    writeStandardToDoc(doc, smallStandard());
    const before = Y.encodeStateVector(doc);
    expect(() => writeStandardToDoc(doc, smallStandard())).toThrow(
      /already holds a draft; use replaceDocContent/,
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('[C5] a draft the schema refuses still reads, with the problems listed', () => {
    const doc = new Y.Doc();
    writeStandardToDoc(doc, smallStandard());
    const criteria = draftRoots(doc).criteria;
    const od2 = criteria.get(keysWithId(criteria, 'OD2')[0] ?? '');
    const title = od2 && textField(od2, CRITERION.title);
    title?.delete(0, title.length);
    od2?.set(CRITERION.prerequisites, Y.Array.from(['XX9']));

    expect(readDraftFromDoc(doc).criteria[1]).toMatchObject({ id: 'OD2', title: '', prerequisites: ['XX9'] });
    // Shape only, like parseStandard for a file…
    const read = readStandardFromDoc(doc);
    expect(!read.ok && read.problems).toEqual([{ path: 'criteria.1.title', message: 'must not be empty' }]);
    // …and everything that refuses publishing, for the validation panel.
    expect(checkDraftDoc(doc).problems.map((problem) => problem.path)).toEqual([
      'criteria.1.title',
      'criteria.1.prerequisites.0',
    ]);
  });

  it('[C5] duplicate codes and broken references are reported, not hidden', () => {
    const doc = new Y.Doc();
    const standard = smallStandard();
    writeStandardToDoc(doc, {
      ...standard,
      criteria: standard.criteria.map((criterion) =>
        criterion.id === 'EV2' ? { ...criterion, id: 'EV1', prerequisites: ['OD1', 'ZZ1'] } : criterion,
      ),
    });
    const { draft, problems } = checkDraftDoc(doc);
    expect(draft.criteria.map((criterion) => criterion.id)).toEqual(['OD1', 'OD2', 'EV1', 'EV1']);
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['criteria.3.id', 'criteria.3.prerequisites.1']),
    );
  });
});
