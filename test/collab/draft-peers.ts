import * as Y from 'yjs';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { draftRoots, keysWithId } from '../../src/collab/draft-layout.ts';
import { writeStandardToDoc } from '../../src/collab/standard-to-doc.ts';
import type { Criterion, Standard } from '../../src/core/standard.ts';

/** Origin of updates a test delivers from another peer, so they are not recorded as local ones. */
export const REMOTE = Symbol('remote');

/** A small valid standard: two areas, four criteria with a prerequisite, two tiers. */
export function smallStandard(): Standard {
  const criterion = (id: string, area: string, extra: Partial<Criterion> = {}): Criterion => ({
    id,
    title: `Criterion ${id}`,
    statement: `The city does **${id}**.`,
    area,
    points: 1,
    core: false,
    prerequisites: [],
    ...extra,
  });
  return {
    kind: 'standard',
    schemaVersion: 2,
    id: 'civic-data',
    title: 'Civic Data Standard',
    version: '1.1',
    basedOn: null,
    status: 'draft',
    eligibility: { minPopulation: 0 },
    areas: [
      { id: 'open-data', name: 'Open Data' },
      { id: 'evaluation', name: 'Evaluation' },
    ],
    criteria: [
      criterion('OD1', 'open-data', { core: true }),
      criterion('OD2', 'open-data', { prerequisites: ['OD1'] }),
      criterion('EV1', 'evaluation', {
        checklist: {
          items: [
            { id: 'plan', text: 'There is a written plan.' },
            { id: 'budget', text: 'The plan has a budget.' },
          ],
          minMet: 1,
        },
      }),
      criterion('EV2', 'evaluation', { prerequisites: ['OD1', 'EV1'], evidence: ['The evaluation report'] }),
    ],
    tiers: [
      { id: 'silver', name: 'Silver', minPercent: 50, requireCore: true, requiredCriteria: [] },
      { id: 'gold', name: 'Gold', minPercent: 75, requireCore: true, requiredCriteria: ['OD1'] },
    ],
    partCoveragePercent: 50,
  };
}

/** A peer: a Y.Doc with a fixed client id and the updates it made itself, in order. */
export interface Peer {
  readonly doc: Y.Doc;
  readonly sent: Uint8Array[];
}

/**
 * `count` peers that start from the same draft of `standard` (peer 0 seeds it, the others receive
 * its update), with client ids 1…count so seeded runs are reproducible.
 */
export function peersWithDraft(count: number, standard: Standard = smallStandard()): Peer[] {
  const seed = new Y.Doc();
  writeStandardToDoc(seed, standard);
  const initial = Y.encodeStateAsUpdate(seed);
  return Array.from({ length: count }, (_, index) => {
    const doc = new Y.Doc();
    doc.clientID = index + 1;
    Y.applyUpdate(doc, initial, REMOTE);
    const sent: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) sent.push(update);
    });
    return { doc, sent };
  });
}

/** Delivers every peer's updates to every other peer, each receiver in its own order. */
export function deliverAll(
  peers: readonly Peer[],
  orderFor: (receiver: number, updates: Uint8Array[]) => Uint8Array[] = (_, u) => u,
): void {
  const outboxes = peers.map((peer) => peer.sent.splice(0));
  peers.forEach((receiver, index) => {
    const incoming = outboxes.filter((_, sender) => sender !== index).flat();
    for (const update of orderFor(index, incoming)) Y.applyUpdate(receiver.doc, update, REMOTE);
  });
}

/** What every peer must agree on after sync: the derived standard and the state vector. */
export function peerState(peer: Peer): { draft: string; stateVector: string } {
  return {
    draft: JSON.stringify(readDraftFromDoc(peer.doc)),
    stateVector: Buffer.from(Y.encodeStateVector(peer.doc)).toString('base64'),
  };
}

/** The internal key of the criterion whose code is `code`; throws unless there is exactly one. */
export function keyOf(doc: Y.Doc, code: string): string {
  const [key, ...others] = keysWithId(draftRoots(doc).criteria, code);
  if (key === undefined || others.length > 0) throw new Error(`expected one criterion ${code} in the draft`);
  return key;
}

/** Criterion codes in draft order. */
export function codes(doc: Y.Doc): string[] {
  return readDraftFromDoc(doc).criteria.map((criterion) => criterion.id);
}
