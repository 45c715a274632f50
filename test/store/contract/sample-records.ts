import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { parseAssessments } from '../../../src/core/assessment.ts';
import { toCanonicalJson } from '../../../src/core/canonical-json.ts';
import { type Standard, parseStandard } from '../../../src/core/standard.ts';
import type { Draft, Member, MemberRole, PublishedVersion, Store } from '../../../server/store/store.ts';

/** Records the contract tests store: realistic where the content matters, minimal where it does not. */

/** A fixed instant, so that expiry tests read as offsets from it. */
export const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);

/** Creates a draft with plausible fields; the update log needs one before a document can be written. */
export function createDraft(store: Store, id: string, overrides: Partial<Draft> = {}): Promise<Draft> {
  return store.drafts.createDraft({
    id,
    standardId: 'civic-lab',
    title: `Draft ${id}`,
    basedOn: '2',
    createdBy: 'member-1',
    createdAt: T0,
    ...overrides,
  });
}

/** SHA-256 computed here independently of the store's own helper, as the oracle for checksums. */
export function sha256Of(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}

/** A small version record with a correct checksum; `json` is canonical JSON of a stand-in object. */
export function versionRecord(standardId: string, version: string, publishedAt: number): PublishedVersion {
  const json = toCanonicalJson({ id: standardId, version, note: 'stand-in' });
  return {
    standardId,
    version,
    json,
    sha256: sha256Of(json),
    author: 'member-1',
    publishedAt,
    status: 'published',
  };
}

function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/civic-lab/${name}.json`, import.meta.url), 'utf8'));
}

/** A real standard version from the frozen fixtures. */
export function civicLabStandard(version: '1' | '2' | '3'): Standard {
  const parsed = parseStandard(readFixture(version));
  if (!parsed.ok) throw new Error(`fixture civic-lab/${version}.json is invalid`);
  return parsed.value;
}

/** A real assessment file from the frozen fixtures, as canonical JSON. */
export function civicLabAssessmentsJson(): string {
  const parsed = parseAssessments(readFixture('assessments-1'));
  if (!parsed.ok) throw new Error('fixture civic-lab/assessments-1.json is invalid');
  return toCanonicalJson(parsed.value);
}

/** An editor's Y.Doc that collects its own edits (not those applied with origin `remote`) to send. */
export function recordingDoc(clientId: number): { doc: Y.Doc; localUpdates: Uint8Array[] } {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const localUpdates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') localUpdates.push(update);
  });
  return { doc, localUpdates };
}

/** Rebuilds a document from what the store returns: snapshot first, then the updates in order. */
export function rebuildDoc(stored: { snapshot: Uint8Array | null; updates: readonly Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Adds a member the way the server does (an invite, redeemed at `createdAt`); resolves to the member. */
export async function addMember(
  store: Store,
  member: { readonly name: string; readonly role: MemberRole; readonly createdAt: number },
): Promise<Member> {
  const tokenHash = sha256Of(`invite ${randomUUID()}`);
  await store.invites.createInvite({
    tokenHash,
    name: member.name,
    role: member.role,
    createdAt: member.createdAt,
    expiresAt: member.createdAt + 3_600_000,
  });
  const redeemed = await store.invites.redeemInvite(tokenHash, member.createdAt);
  if (!redeemed.ok) throw new Error(`the invite for ${member.name} was refused: ${redeemed.reason}`);
  return redeemed.member;
}

/** Appends one update (a batch of one) and resolves to its sequence number. */
export async function appendOne(store: Store, docId: string, update: Uint8Array): Promise<number> {
  const [seq] = await store.updates.appendBatch([{ docId, update }]);
  if (seq === undefined) throw new Error('appendBatch returned no sequence number');
  return seq;
}

/** How many updates are logged after the document's snapshot. */
export async function loggedCount(store: Store, docId: string): Promise<number> {
  return (await store.updates.load(docId)).updates.length;
}
