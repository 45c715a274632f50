import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { CRITERION, LINEAGE, META, draftRoots } from '../../src/collab/draft-layout.ts';
import { orderedEntries } from '../../src/collab/order-keys.ts';
import { draftState, publishReviewed } from './publish-draft.ts';
import { api, connectClient, startTestServer, synced, type TestServer, waitFor } from './test-server.ts';

const WWC = 'what-works-cities';

describe('publishing what the chair reviewed (H6) and moving the draft on (V1)', () => {
  let server: TestServer;
  let chair: string;
  let editor: string;
  const clients: ReturnType<typeof connectClient>[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    chair = await server.signIn('Chair Cho', 'chair');
    editor = await server.signIn('Editor Ed', 'editor');
  });
  afterAll(async () => {
    for (const client of clients) client.provider.destroy();
    await server.dispose();
  });

  /** A fresh draft of WWC started from 3.0, and an editor's y-websocket client on it. */
  const startDraft = async (title: string) => {
    const started = await api(server.url, chair, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '3.0',
      title,
    });
    const id = (started.json as { id: string }).id;
    const client = connectClient(server.url, id, editor);
    clients.push(client);
    await synced(client.provider);
    return { id, doc: client.doc };
  };
  const firstCriterion = (doc: Y.Doc) => orderedEntries(draftRoots(doc).criteria)[0]!.entry;
  const problemsOf = async (id: string) =>
    ((await api(server.url, chair, 'GET', `/api/drafts/${id}`)).json as { problems: string[] }).problems;
  const labels = async () =>
    (
      (await api(server.url, chair, 'GET', `/api/standards/${WWC}/versions`)).json as { version: string }[]
    ).map((version) => version.version);
  const serverHas = (id: string, predicate: (doc: Y.Doc) => boolean) => {
    const room = server.registry.loaded(id);
    return room !== undefined && predicate(room.doc);
  };

  it('[H6] a draft based on a version that does not exist is invalid, and publishing it is refused', async () => {
    const { id, doc } = await startDraft('Based on nothing');
    draftRoots(doc).meta.set(META.basedOn, '9.9');
    await waitFor(
      () => serverHas(id, (live) => readDraftFromDoc(live).basedOn === '9.9'),
      'basedOn 9.9 on the server',
    );

    const problems = await problemsOf(id);
    expect(problems).toContainEqual(
      expect.stringMatching(/^basedOn: version 9\.9 of what-works-cities does not exist/),
    );
    const published = await publishReviewed(server.url, chair, id, { version: '3.7' });
    expect(published.status).toBe(422);
    expect((published.json as { problems: string[] }).problems).toEqual(problems);
    expect(await labels()).toEqual(['1.0', '2.0', '3.0']);
  });

  it('[H6] a lineage naming a criterion absent from the basedOn version is invalid', async () => {
    const { id, doc } = await startDraft('Lineage to nothing');
    const from = (firstCriterion(doc).get(CRITERION.lineage) as Y.Map<unknown>).get(
      LINEAGE.from,
    ) as Y.Array<string>;
    doc.transact(() => {
      from.delete(0, from.length);
      from.insert(0, ['NOPE9']);
    });
    await waitFor(
      () => serverHas(id, (live) => readDraftFromDoc(live).criteria[0]?.lineage?.from[0] === 'NOPE9'),
      'the lineage edit on the server',
    );
    expect(await problemsOf(id)).toEqual([
      'criteria.0.lineage.from.0: unknown criterion "NOPE9" in version "3.0", which this version is based on',
    ]);
    expect((await publishReviewed(server.url, chair, id, { version: '3.7' })).status).toBe(422);
  });

  it('[H6] publishing names the reviewed state: an edit after the review is refused with 409, a new review publishes', async () => {
    const { id, doc } = await startDraft('Reviewed state');
    const title = firstCriterion(doc).get(CRITERION.title) as Y.Text;
    title.insert(title.length, ' (reviewed)');
    await waitFor(
      () =>
        serverHas(id, (live) => readDraftFromDoc(live).criteria[0]?.title.endsWith('(reviewed)') === true),
      'the first edit on the server',
    );
    const reviewed = await draftState(server.url, chair, id);
    expect(reviewed).toMatch(/^[0-9a-f]{64}$/);

    // An editor types after the chair reviewed.
    title.insert(title.length, ' and later');
    await waitFor(
      () => serverHas(id, (live) => readDraftFromDoc(live).criteria[0]?.title.endsWith('later') === true),
      'the later edit on the server',
    );
    const stale = await api(server.url, chair, 'POST', `/api/drafts/${id}/publish`, {
      version: '3.8',
      reviewed,
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toEqual({
      error: 'the draft changed since you reviewed it; review it again before publishing',
      reason: 'draft-changed',
    });
    expect(await labels()).not.toContain('3.8');

    const again = await draftState(server.url, chair, id);
    expect(again).not.toBe(reviewed);
    const published = await api(server.url, chair, 'POST', `/api/drafts/${id}/publish`, {
      version: '3.8',
      reviewed: again,
    });
    expect(published.status, published.text).toBe(201);
    const stored = await api(server.url, chair, 'GET', `/api/standards/${WWC}/versions/3.8`);
    expect((JSON.parse(stored.text) as { criteria: { title: string }[] }).criteria[0]?.title).toMatch(
      /\(reviewed\) and later$/,
    );
  });

  it('[V1] publishing without naming a reviewed state is refused', async () => {
    const { id } = await startDraft('Unnamed state');
    const refused = await api(server.url, chair, 'POST', `/api/drafts/${id}/publish`, {
      version: '3.9',
      force: true,
    });
    expect(refused.status).toBe(400);
  });

  it('[V1] after publishing, connected editors see the draft move on: based on the new version, the next label, lineage same', async () => {
    const { id, doc } = await startDraft('Moves on');
    const title = firstCriterion(doc).get(CRITERION.title) as Y.Text;
    title.insert(0, 'Revised: ');
    await waitFor(
      () =>
        serverHas(id, (live) => readDraftFromDoc(live).criteria[0]?.title.startsWith('Revised: ') === true),
      'the edit on the server',
    );
    const published = await publishReviewed(server.url, chair, id, { version: '4.1' });
    expect(published.status, published.text).toBe(201);
    expect((published.json as { draft: unknown }).draft).toEqual({ basedOn: '4.1', version: '4.2' });

    // The editor's own document, through the room: the edit is theirs to see like anyone's.
    await waitFor(() => readDraftFromDoc(doc).basedOn === '4.1', 'the editor to see the draft move on');
    const draft = readDraftFromDoc(doc);
    expect(draft.version).toBe('4.2');
    expect(draft.status).toBe('draft');
    expect(draft.criteria[0]?.title.startsWith('Revised: ')).toBe(true);
    expect(
      draft.criteria.every(
        (criterion) => criterion.lineage?.relation === 'same' && criterion.lineage.from[0] === criterion.id,
      ),
    ).toBe(true);
    const listed = (await api(server.url, chair, 'GET', '/api/drafts')).json as {
      id: string;
      basedOn: string;
    }[];
    expect(listed.find((entry) => entry.id === id)?.basedOn).toBe('4.1');
    expect(await problemsOf(id)).toEqual([]);

    // Nothing changed since 4.1: publishing again says so and publishes nothing, unless the chair insists.
    const unchanged = await publishReviewed(server.url, chair, id, {});
    expect(unchanged.status).toBe(409);
    expect(unchanged.json).toEqual({
      error: 'no changes since 4.1; publishing would make a version identical to it',
      reason: 'no-changes',
    });
    expect(await labels()).not.toContain('4.2');
    const forced = await publishReviewed(server.url, chair, id, { force: true });
    expect(forced.status, forced.text).toBe(201);
    expect((forced.json as { version: string }).version).toBe('4.2');
  });

  it('[V1] a draft no one has open moves on too, in its stored document', async () => {
    const started = await api(server.url, chair, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '3.0',
      title: 'Closed',
    });
    const id = (started.json as { id: string }).id;
    expect(server.registry.loaded(id)).toBeUndefined();
    const published = await publishReviewed(server.url, chair, id, { version: '5.0', force: true });
    expect(published.status, published.text).toBe(201);
    const after = (await api(server.url, chair, 'GET', `/api/drafts/${id}`)).json as {
      basedOn: string;
      content: { version: string; basedOn: string };
    };
    expect(after.basedOn).toBe('5.0');
    expect(after.content).toMatchObject({ version: '5.1', basedOn: '5.0' });
  });
});
