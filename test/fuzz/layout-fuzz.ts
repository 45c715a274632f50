import * as Y from 'yjs';
import { renameCriterionCode } from '../../src/collab/criterion-code-rename.ts';
import { checkDraftDoc, readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import {
  CHECKLIST,
  CHECKLIST_ITEM,
  CRITERION,
  type EntryCollection,
  TIER,
  draftRoots,
  fragmentField,
  mapField,
  NAMED,
  stringField,
  stringsValue,
  textField,
  useEntryKeySource,
} from '../../src/collab/draft-layout.ts';
import { type Placement, orderedEntries } from '../../src/collab/order-keys.ts';
import { writeMarkdownToFragment } from '../../src/collab/statement-markdown.ts';
import { insertCriterion, writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import {
  addChecklistItem,
  addTier,
  checklistItems,
  deleteCriterion,
  deleteNamed,
  deleteTier,
  moveCriterion,
  moveKeyed,
  setCodeList,
  setPlainField,
} from '../../src/collab/draft-edits.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import { validateStandard } from '../../src/core/validate-standard.ts';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { civicData20 } from '../fixtures/validation/civic-data.ts';
import { seededKey } from './seeded-entry-keys.ts';

/**
 * The seeded convergence fuzz of the draft layout (C1, C5): three peers start from the same draft and make
 * random structural edits — add, delete, move and edit criteria and tiers, rename codes, rewrite statements,
 * change references, checklists and thresholds — while their updates travel over links that deliver in
 * random order and are cut by random partitions (a cut loses what is in flight; healing resyncs by state
 * vector, as a y-websocket reconnect does). After everything is delivered, every peer must hold the same
 * document (state vector and derived JSON), no criterion or tier may be lost or duplicated, and the derived
 * Standard either passes the schema and F6 checks — and round-trips through the layout — or lists every
 * conflict the run produced as a validation problem.
 */

export const LAYOUT_OPS = [
  'add-criterion',
  'delete-criterion',
  'move-criterion',
  'edit-title',
  'edit-statement',
  'rename-code',
  'set-points',
  'toggle-core',
  'add-prerequisite',
  'remove-prerequisite',
  'add-tier',
  'delete-tier',
  'move-tier',
  'set-min-percent',
  'toggle-require-core',
  'add-required',
  'set-min-met',
  'add-checklist-item',
  'delete-area',
] as const;
export type LayoutOp = (typeof LAYOUT_OPS)[number];

/**
 * `conflicting` runs draw from every operation and almost always end with validation problems (duplicate
 * codes, broken references, tiers out of order): they check that conflicts are reported. `valid` runs use
 * only edits that keep a draft valid under any interleaving, so they must end valid: they check that the
 * merged draft passes the schema and round-trips. Every third seed is a `valid` run.
 */
export type LayoutFuzzProfile = 'conflicting' | 'valid';

const VALID_OPS: readonly LayoutOp[] = [
  'add-criterion',
  'move-criterion',
  'edit-title',
  'edit-statement',
  'set-points',
  'toggle-core',
  'set-min-met',
];

export const profileOf = (seed: number): LayoutFuzzProfile => (seed % 3 === 0 ? 'valid' : 'conflicting');

export interface LayoutFuzzOutcome {
  readonly seed: number;
  readonly profile: LayoutFuzzProfile;
  readonly steps: number;
  readonly opsByKind: Readonly<Record<LayoutOp, number>>;
  readonly messagesDelivered: number;
  /** Updates lost in flight by a cut (recovered by the resync when it heals). */
  readonly messagesDropped: number;
  readonly partitions: number;
  /** Validation problems of the final draft (the same on every peer). */
  readonly problems: number;
  /** Invariants that did not hold; empty when the run passed. */
  readonly failures: readonly string[];
}

const PEERS = 3;
const REMOTE = Symbol('remote');
const LOCAL = Symbol('local');

interface FuzzPeer {
  readonly doc: Y.Doc;
  /** Messages on the way from this peer to each other peer. */
  readonly outbox: Uint8Array[][];
}

/** One seeded run; never throws for an invariant, it reports it in `failures`. */
export function runLayoutFuzz(seed: number, steps: number): LayoutFuzzOutcome {
  const random = new SeededRandom(seed);
  const profile = profileOf(seed);
  const ops = profile === 'valid' ? VALID_OPS : LAYOUT_OPS;
  let fresh = 0;
  const initial = new Y.Doc();
  const start = startingStandard();
  useEntryKeySource(initial, () => seededKey(random));
  writeStandardToDoc(initial, start);
  const failures: string[] = [];
  const startRead = toCanonicalJson(readDraftFromDoc(initial));
  if (startRead !== toCanonicalJson(start)) {
    failures.push(
      'the seeded draft does not read back as written: writeStandardToDoc and readDraftFromDoc disagree',
    );
  }
  const initialState = Y.encodeStateAsUpdate(initial);
  const createdCriteria = new Set(draftRoots(initial).criteria.keys());
  const createdTiers = new Set(draftRoots(initial).tiers.keys());
  const deletedCriteria = new Set<string>();
  const deletedTiers = new Set<string>();

  const group = Array.from({ length: PEERS }, () => 0);
  const connected = (a: number, b: number) => group[a] === group[b];
  let dropped = 0;
  let delivered = 0;
  let partitions = 0;
  const peers: FuzzPeer[] = Array.from({ length: PEERS }, (_, index) => {
    const doc = new Y.Doc();
    doc.clientID = index + 1;
    useEntryKeySource(doc, () => seededKey(random));
    Y.applyUpdate(doc, initialState, REMOTE);
    const outbox = Array.from({ length: PEERS }, (): Uint8Array[] => []);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      outbox.forEach((queue, to) => {
        if (to === index) return;
        if (connected(index, to)) queue.push(update);
        else dropped++;
      });
    });
    return { doc, outbox };
  });

  const deliverOne = (): boolean => {
    const links: [number, number][] = [];
    peers.forEach((peer, from) =>
      peer.outbox.forEach((queue, to) => {
        if (queue.length > 0) links.push([from, to]);
      }),
    );
    if (links.length === 0) return false;
    const [from, to] = random.pick(links);
    const queue = peers[from]?.outbox[to] ?? [];
    const [update] = queue.splice(random.int(0, queue.length - 1), 1);
    const receiver = peers[to];
    if (update && receiver) Y.applyUpdate(receiver.doc, update, REMOTE);
    delivered++;
    return true;
  };

  const setGroups = (next: readonly number[]) => {
    const before = [...group];
    next.forEach((value, index) => (group[index] = value));
    for (let a = 0; a < PEERS; a++) {
      for (let b = 0; b < PEERS; b++) {
        if (a === b) continue;
        const peerA = peers[a];
        const peerB = peers[b];
        if (!peerA || !peerB) continue;
        if (!connected(a, b)) {
          // A cut loses whatever was in flight on the link.
          dropped += peerA.outbox[b]?.length ?? 0;
          peerA.outbox[b] = [];
        } else if (before[a] !== before[b]) {
          // Reconnected: send what the other side lacks, like y-websocket's sync step 2.
          peerA.outbox[b]?.push(Y.encodeStateAsUpdate(peerA.doc, Y.encodeStateVector(peerB.doc)));
        }
      }
    }
  };

  const opsByKind = Object.fromEntries(LAYOUT_OPS.map((op) => [op, 0])) as Record<LayoutOp, number>;
  for (let step = 0; step < steps; step++) {
    const roll = random.next();
    if (roll < 0.55) {
      const peer = random.pick(peers);
      const op = random.pick(ops);
      const done = applyOp(op, peer.doc, random, profile, {
        created: (kind, key) => (kind === 'criterion' ? createdCriteria : createdTiers).add(key),
        deleted: (kind, key) => (kind === 'criterion' ? deletedCriteria : deletedTiers).add(key),
        freshCode: () => `V${peer.doc.clientID}x${++fresh}`,
      });
      if (done) opsByKind[op]++;
    } else if (roll < 0.93) {
      for (let i = random.int(1, 4); i > 0; i--) deliverOne();
    } else if (roll < 0.97) {
      partitions++;
      setGroups(group.map(() => random.int(0, 1)));
    } else {
      setGroups(group.map(() => 0));
    }
  }
  setGroups(group.map(() => 0));
  let guard = 0;
  while (deliverOne() && guard++ < 1_000_000);

  const docs = peers.map((peer) => peer.doc);
  const states = docs.map((doc) => ({
    vector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
    draft: toCanonicalJson(readDraftFromDoc(doc)),
    problems: JSON.stringify(checkDraftDoc(doc).problems),
  }));
  const [first] = states;
  states.forEach((state, index) => {
    if (state.vector !== first?.vector)
      failures.push(`peer ${index + 1} has another state vector than peer 1`);
    if (state.draft !== first?.draft) failures.push(`peer ${index + 1} derives another draft than peer 1`);
    if (state.problems !== first?.problems)
      failures.push(`peer ${index + 1} lists other problems than peer 1`);
  });
  const doc = docs[0] ?? new Y.Doc();
  failures.push(...entryFailures(doc, createdCriteria, deletedCriteria, createdTiers, deletedTiers));
  const { draft, problems } = checkDraftDoc(doc);
  failures.push(...oracleFailures(draft, problems));
  if (problems.length === 0) failures.push(...roundTripFailures(draft));
  else if (profile === 'valid') {
    failures.push(`a run of valid edits ended with problems: ${problems.map((p) => p.path).join(', ')}`);
  }
  return {
    seed,
    profile,
    steps,
    opsByKind,
    messagesDelivered: delivered,
    messagesDropped: dropped,
    partitions,
    problems: problems.length,
    failures,
  };
}

/** The civic-data 2.0 fixture (parts, checklist, evidence, every lineage relation, three tiers), parsed. */
function startingStandard(): Standard {
  const parsed = parseStandard(civicData20());
  if (!parsed.ok) throw new Error('the civic-data 2.0 fixture does not parse');
  return parsed.value;
}

interface Ledger {
  created(kind: 'criterion' | 'tier', key: string): void;
  deleted(kind: 'criterion' | 'tier', key: string): void;
  /** A criterion code no peer has used. */
  freshCode(): string;
}

const CODES = ['DG1', 'DG2', 'OD1', 'OD2', 'N1', 'N2', 'N3', 'X9'];
const STATEMENTS = [
  'A named official leads data work.',
  'The city **publishes** its data.',
  '- an inventory\n- a portal',
  'See [the guide](https://example.org/guide).',
  '',
];

/** Applies one operation of kind `op` on `doc`; false when it had nothing to act on. */
function applyOp(
  op: LayoutOp,
  doc: Y.Doc,
  random: SeededRandom,
  profile: LayoutFuzzProfile,
  ledger: Ledger,
): boolean {
  const valid = profile === 'valid';
  const { criteria, tiers, areas } = draftRoots(doc);
  const criterionEntries = orderedEntries(criteria);
  const tierEntries = orderedEntries(tiers);
  const someCriterion = criterionEntries.length > 0 ? random.pick(criterionEntries) : undefined;
  const someTier = tierEntries.length > 0 ? random.pick(tierEntries) : undefined;
  const codes = () => criterionEntries.map(({ entry }) => stringField(entry, CRITERION.id) ?? '');
  const placement = (entries: readonly { key: string }[], movingKey?: string): Placement => {
    const others = entries.filter(({ key }) => key !== movingKey);
    const anchor = others.length > 0 && random.next() < 0.85 ? random.pick(others).key : null;
    return random.next() < 0.5 ? { after: anchor } : { before: anchor };
  };
  switch (op) {
    case 'add-criterion': {
      const areaIds = orderedEntries(areas).map(({ entry }) => stringField(entry, NAMED.id) ?? '');
      const key = insertCriterion(
        doc,
        {
          id: valid ? ledger.freshCode() : random.pick(CODES),
          title: random.pick(['New criterion', 'Open data', 'x']),
          statement: random.pick(STATEMENTS),
          area: (valid || random.next() < 0.9) && areaIds.length > 0 ? random.pick(areaIds) : 'ghost-area',
          points: random.int(valid ? 1 : 0, 5),
          core: random.next() < 0.2,
          prerequisites: !valid && random.next() < 0.3 && codes().length > 0 ? [random.pick(codes())] : [],
        },
        placement(criterionEntries),
        LOCAL,
      );
      ledger.created('criterion', key);
      return true;
    }
    case 'delete-criterion':
      if (!someCriterion || criterionEntries.length <= 1) return false;
      deleteCriterion(doc, someCriterion.key, LOCAL);
      ledger.deleted('criterion', someCriterion.key);
      return true;
    case 'move-criterion':
      if (!someCriterion) return false;
      moveCriterion(doc, someCriterion.key, placement(criterionEntries, someCriterion.key), {}, LOCAL);
      return true;
    case 'edit-title': {
      const title = someCriterion && textField(someCriterion.entry, CRITERION.title);
      if (!title) return false;
      if (valid || random.next() < 0.6 || title.length === 0)
        title.insert(random.int(0, title.length), random.pick(['a', ' open', 'Z']));
      else title.delete(random.int(0, title.length - 1), random.int(1, Math.min(4, title.length)));
      return true;
    }
    case 'edit-statement': {
      const statement = someCriterion && fragmentField(someCriterion.entry, CRITERION.statement);
      if (!statement) return false;
      writeMarkdownToFragment(statement, random.pick(STATEMENTS));
      return true;
    }
    case 'rename-code':
      if (!someCriterion) return false;
      renameCriterionCode(doc, someCriterion.key, random.pick(CODES));
      return true;
    case 'set-points':
      if (!someCriterion) return false;
      setPlainField(doc, someCriterion.entry, CRITERION.points, random.int(valid ? 1 : 0, 6), LOCAL);
      return true;
    case 'toggle-core':
      if (!someCriterion) return false;
      setPlainField(
        doc,
        someCriterion.entry,
        CRITERION.core,
        someCriterion.entry.get(CRITERION.core) !== true,
        LOCAL,
      );
      return true;
    case 'add-prerequisite': {
      const prerequisites = someCriterion && stringsValue(someCriterion.entry, CRITERION.prerequisites);
      if (!someCriterion || !prerequisites) return false;
      const code = random.next() < 0.9 ? random.pick(codes()) : 'GONE1';
      setCodeList(doc, someCriterion.entry, CRITERION.prerequisites, [...prerequisites, code], LOCAL);
      return true;
    }
    case 'remove-prerequisite': {
      const prerequisites = someCriterion && stringsValue(someCriterion.entry, CRITERION.prerequisites);
      if (!someCriterion || !prerequisites || prerequisites.length === 0) return false;
      const left = prerequisites.toSpliced(random.int(0, prerequisites.length - 1), 1);
      setCodeList(doc, someCriterion.entry, CRITERION.prerequisites, left, LOCAL);
      return true;
    }
    case 'add-tier': {
      // The editor adds a tier above the top one, then the member sets its rules.
      const key = addTier(doc, LOCAL);
      const entry = tiers.get(key);
      if (!entry) return false;
      setPlainField(doc, entry, TIER.id, random.pick(['silver', 'gold', 'platinum', 'bronze']), LOCAL);
      setPlainField(doc, entry, TIER.minPercent, random.int(0, 10000) / 100, LOCAL);
      setPlainField(doc, entry, TIER.requireCore, random.next() < 0.5, LOCAL);
      const required = random.next() < 0.4 && codes().length > 0 ? [random.pick(codes())] : [];
      setCodeList(doc, entry, TIER.requiredCriteria, required, LOCAL);
      ledger.created('tier', key);
      return true;
    }
    case 'delete-tier':
      if (!someTier || tierEntries.length <= 1) return false;
      deleteTier(doc, someTier.key, LOCAL);
      ledger.deleted('tier', someTier.key);
      return true;
    case 'move-tier':
      if (!someTier) return false;
      moveKeyed(doc, tiers, someTier.key, placement(tierEntries, someTier.key), LOCAL);
      return true;
    case 'set-min-percent':
      if (!someTier) return false;
      setPlainField(doc, someTier.entry, TIER.minPercent, random.int(0, 10000) / 100, LOCAL);
      return true;
    case 'toggle-require-core':
      if (!someTier) return false;
      setPlainField(
        doc,
        someTier.entry,
        TIER.requireCore,
        someTier.entry.get(TIER.requireCore) !== true,
        LOCAL,
      );
      return true;
    case 'add-required': {
      const required = someTier && stringsValue(someTier.entry, TIER.requiredCriteria);
      if (!someTier || !required || codes().length === 0) return false;
      setCodeList(doc, someTier.entry, TIER.requiredCriteria, [...required, random.pick(codes())], LOCAL);
      return true;
    }
    case 'set-min-met': {
      const checklist = someCriterion && mapField(someCriterion.entry, CRITERION.checklist);
      if (!checklist) return false;
      const items = mapField(checklist, CHECKLIST.items);
      const minMet = random.int(1, Math.max(1, (items?.size ?? 0) + (valid ? 0 : 1)));
      setPlainField(doc, checklist, CHECKLIST.minMet, minMet, LOCAL);
      return true;
    }
    case 'add-checklist-item': {
      if (!someCriterion || !mapField(someCriterion.entry, CRITERION.checklist)) return false;
      const key = addChecklistItem(doc, someCriterion.entry, LOCAL);
      const item = checklistItems(someCriterion.entry).find((entry) => entry.key === key)?.entry;
      if (!item) return false;
      setPlainField(doc, item, CHECKLIST_ITEM.id, random.pick(['DG2.a', 'DG2.d', 'DG2.e']), LOCAL);
      // What the item's text input does as the member types.
      doc.transact(() => textField(item, CHECKLIST_ITEM.text)?.insert(0, 'Another item'), LOCAL);
      return true;
    }
    case 'delete-area': {
      const areaEntries = orderedEntries(areas);
      if (areaEntries.length <= 1 || random.next() < 0.7) return false;
      deleteNamed(doc, 'areas', random.pick(areaEntries).key, LOCAL);
      return true;
    }
  }
}
/** No entry lost or duplicated: the keys left are those created and not deleted, each listed once. */
function entryFailures(
  doc: Y.Doc,
  createdCriteria: ReadonlySet<string>,
  deletedCriteria: ReadonlySet<string>,
  createdTiers: ReadonlySet<string>,
  deletedTiers: ReadonlySet<string>,
): string[] {
  const failures: string[] = [];
  const { criteria, tiers } = draftRoots(doc);
  const draft = readDraftFromDoc(doc);
  const check = (
    what: string,
    collection: EntryCollection,
    listed: number,
    created: ReadonlySet<string>,
    deleted: ReadonlySet<string>,
  ) => {
    const expected = [...created].filter((key) => !deleted.has(key)).sort();
    const actual = [...collection.keys()].sort();
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      failures.push(`${what}: the entries left are not those created and not deleted`);
    }
    if (listed !== collection.size) failures.push(`${what}: ${collection.size} entries but ${listed} listed`);
  };
  check('criteria', criteria, draft.criteria.length, createdCriteria, deletedCriteria);
  check('tiers', tiers, draft.tiers.length, createdTiers, deletedTiers);
  return failures;
}

/**
 * The conflicts concurrent edits can leave, found independently of `checkDraftDoc`: each must be among
 * its problems at the path the file format would report (C5), so the panel shows it.
 */
function oracleFailures(draft: Standard, problems: readonly { path: string; message: string }[]): string[] {
  const expected: string[] = [];
  const seen = new Set<string>();
  const criterionIds = new Set(draft.criteria.map((criterion) => criterion.id));
  const areaIds = new Set(draft.areas.map((area) => area.id));
  draft.criteria.forEach((criterion, index) => {
    if (seen.has(criterion.id)) expected.push(`criteria.${index}.id`);
    seen.add(criterion.id);
    if (criterion.title.trim() === '') expected.push(`criteria.${index}.title`);
    if (!areaIds.has(criterion.area)) expected.push(`criteria.${index}.area`);
    criterion.prerequisites.forEach((code, position) => {
      if (!criterionIds.has(code) || code === criterion.id)
        expected.push(`criteria.${index}.prerequisites.${position}`);
    });
    const checklist = criterion.checklist;
    if (checklist && checklist.minMet > checklist.items.length)
      expected.push(`criteria.${index}.checklist.minMet`);
  });
  const tierIds = new Set<string>();
  draft.tiers.forEach((tier, index) => {
    if (tierIds.has(tier.id)) expected.push(`tiers.${index}.id`);
    tierIds.add(tier.id);
    tier.requiredCriteria.forEach((code, position) => {
      if (!criterionIds.has(code)) expected.push(`tiers.${index}.requiredCriteria.${position}`);
    });
    const below = draft.tiers[index - 1];
    if (below && Math.round(tier.minPercent * 100) < Math.round(below.minPercent * 100)) {
      expected.push(`tiers.${index}.minPercent`);
    }
  });
  const reported = new Set(problems.map((problem) => problem.path));
  return expected
    .filter((path) => !reported.has(path))
    .map((path) => `a conflict at ${path} is not reported as a validation problem`);
}

/**
 * A draft without problems is a valid Standard: it parses as a file, passes the F6 checks, and reads back
 * unchanged after being written into a fresh document.
 */
function roundTripFailures(draft: Standard): string[] {
  const parsed = parseStandard(JSON.parse(toCanonicalJson(draft)));
  if (!parsed.ok) return ['a draft with no problems does not parse as a standard file'];
  if (validateStandard(parsed.value).length > 0)
    return ['a draft with no problems fails validation as a file'];
  const copy = new Y.Doc();
  writeStandardToDoc(copy, parsed.value);
  const back = toCanonicalJson(readDraftFromDoc(copy));
  copy.destroy();
  // Compared with the parsed value: the schema trims texts, as it does for a file.
  return back === toCanonicalJson(parsed.value)
    ? []
    : ['a draft with no problems does not round-trip through the layout'];
}
