import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { CRITERION, draftRoots, TIER } from '../../src/collab/draft-layout.ts';
import { orderedEntries } from '../../src/collab/order-keys.ts';
import { fragmentToMarkdown } from '../../src/collab/statement-markdown.ts';
import { publishReviewed } from './publish-draft.ts';
import { api, connectClient, startTestServer, synced, type TestServer, waitFor } from './test-server.ts';

const DRAFT = 'what-works-cities-draft';

describe('editing a seeded draft through the sync server', () => {
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

  const connect = async (cookie: string) => {
    const client = connectClient(server.url, DRAFT, cookie);
    clients.push(client);
    await synced(client.provider);
    return client;
  };

  it('[C1] a client receives the server-seeded draft: 44 criteria with Markdown statements', async () => {
    const a = await connect(editor);
    const draft = readDraftFromDoc(a.doc);
    expect(draft.version).toBe('3.1');
    expect(draft.criteria).toHaveLength(44);
    const first = orderedEntries(draftRoots(a.doc).criteria)[0]?.entry;
    const statement = first?.get(CRITERION.statement);
    expect(statement).toBeInstanceOf(Y.XmlFragment);
    expect(fragmentToMarkdown(statement as Y.XmlFragment)).toBe(draft.criteria[0]?.statement);
  });

  it('[C1] two clients editing the same title and a threshold converge, and the server has it', async () => {
    const a = await connect(editor);
    const b = await connect(chair);
    const titleOf = (doc: Y.Doc) =>
      orderedEntries(draftRoots(doc).criteria)[0]?.entry.get(CRITERION.title) as Y.Text;
    const goldOf = (doc: Y.Doc) => orderedEntries(draftRoots(doc).tiers)[1]?.entry;

    titleOf(a.doc).insert(0, 'Citywide ');
    titleOf(b.doc).insert(titleOf(b.doc).length, ' (revised)');
    goldOf(b.doc)?.set(TIER.minPercent, 70);
    await waitFor(
      () =>
        titleOf(a.doc).toString() === titleOf(b.doc).toString() && goldOf(a.doc)?.get(TIER.minPercent) === 70,
      'A and B to converge',
    );
    const title = titleOf(a.doc).toString();
    expect(title.startsWith('Citywide ')).toBe(true);
    expect(title.endsWith(' (revised)')).toBe(true);
    expect(readDraftFromDoc(a.doc)).toEqual(readDraftFromDoc(b.doc));

    const onServer = await api(server.url, chair, 'GET', `/api/drafts/${DRAFT}`);
    const content = (
      onServer.json as { content: { criteria: { title: string }[]; tiers: { minPercent: number }[] } }
    ).content;
    expect(content.criteria[0]?.title).toBe(title);
    expect(content.tiers[1]?.minPercent).toBe(70);
  });

  it('[C5] publishing an invalid draft is refused with its problem list and stores nothing', async () => {
    const a = await connect(editor);
    const entries = orderedEntries(draftRoots(a.doc).criteria);
    const firstCode = entries[0]?.entry.get(CRITERION.id) as string;
    entries[1]?.entry.set(CRITERION.id, firstCode);
    const before = await api(server.url, chair, 'GET', '/api/standards/what-works-cities/versions');
    const duplicateOnServer = () =>
      server.registry.loaded(DRAFT)?.doc.getMap('criteria').size === 44 &&
      readDraftFromDoc(server.registry.loaded(DRAFT)?.doc ?? new Y.Doc()).criteria[1]?.id === firstCode;
    await waitFor(duplicateOnServer, 'the server to have the duplicate code');

    const refused = await publishReviewed(server.url, chair, DRAFT, { version: '3.1' });
    expect(refused.status).toBe(422);
    const problems = (refused.json as { problems: string[] }).problems;
    expect(
      problems.some((problem) => problem.startsWith('criteria.1.id: ') && problem.includes(firstCode)),
    ).toBe(true);

    const after = await api(server.url, chair, 'GET', '/api/standards/what-works-cities/versions');
    expect(after.json).toEqual(before.json);
    expect(
      (await api(server.url, chair, 'GET', '/api/standards/what-works-cities/versions/3.1')).status,
    ).toBe(404);
  });
});
