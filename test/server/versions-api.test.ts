import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDraftFromDoc } from '../../src/collab/doc-to-standard.ts';
import { replaceDocContent } from '../../src/collab/standard-to-doc.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { standardFileText } from '../../src/core/document-files.ts';
import { STANDARD_SCHEMA_REFERENCE, type Standard, parseStandard } from '../../src/core/standard.ts';
import { sha256Hex } from '../../server/store/version-record.ts';
import { seedStandards } from '../collab/seed-standards.ts';
import { publishReviewed } from './publish-draft.ts';
import {
  api,
  connectClient,
  signInWithToken,
  startTestServer,
  synced,
  type TestServer,
  waitFor,
} from './test-server.ts';

const WWC = 'what-works-cities';

interface DraftReply {
  id: string;
  standard: string;
  title: string;
  basedOn: string | null;
  content: Standard;
  problems: string[];
}

/** A seed file as text, with changes: a version or draft someone prepared in git. */
function editedSeed(path: string, edit: (standard: Standard) => Standard): string {
  const parsed = parseStandard(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.ok) throw new Error(`${path} does not parse`);
  return toCanonicalJson(edit(parsed.value));
}

describe('versions and drafts as files and branches (V1–V3)', () => {
  let server: TestServer;
  let chair: string;
  let chairId: string;
  let editor: string;
  let viewer: string;
  const clients: ReturnType<typeof connectClient>[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    if (!server.firstChairToken) throw new Error('no first-chair token on a fresh data directory');
    chair = await signInWithToken(server.url, server.firstChairToken);
    chairId = ((await api(server.url, chair, 'GET', '/api/session')).json as { member: { id: string } })
      .member.id;
    editor = await server.signIn('Editor Ed', 'editor');
    viewer = await server.signIn('Viewer Vi', 'viewer');
  });
  afterAll(async () => {
    for (const client of clients) client.provider.destroy();
    await server.dispose();
  });

  const versionLabels = async () =>
    (
      (await api(server.url, viewer, 'GET', `/api/standards/${WWC}/versions`)).json as { version: string }[]
    ).map((version) => version.version);
  const draftIds = async () =>
    ((await api(server.url, viewer, 'GET', '/api/drafts')).json as { id: string }[]).map((draft) => draft.id);
  const getDraft = async (id: string) =>
    (await api(server.url, viewer, 'GET', `/api/drafts/${encodeURIComponent(id)}`)).json as DraftReply;

  it('[V2] a draft started from a version has lineage same, basedOn set and the next free label', async () => {
    const started = await api(server.url, editor, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '2.0',
      title: '2.x revision',
    });
    expect(started.status).toBe(201);
    const reply = started.json as { id: string; basedOn: string; version: string; title: string };
    expect(reply).toMatchObject({ standard: WWC, basedOn: '2.0', version: '2.1', title: '2.x revision' });

    const draft = await getDraft(reply.id);
    const version2 = JSON.parse(readFileSync('standards/what-works-cities/2.0.json', 'utf8')) as Standard;
    expect(draft.basedOn).toBe('2.0');
    expect(draft.content.basedOn).toBe('2.0');
    expect(draft.content.status).toBe('draft');
    expect(draft.content.criteria.map((criterion) => criterion.id)).toEqual(
      version2.criteria.map((criterion) => criterion.id),
    );
    for (const criterion of draft.content.criteria) {
      expect(criterion.lineage).toEqual({ from: [criterion.id], relation: 'same' });
    }
    expect(draft.problems).toEqual([]);
    // Seeded on the server, as the document's first update: a browser only ever syncs it.
    expect((await server.store.updates.load(reply.id)).updates).toHaveLength(1);
    const client = connectClient(server.url, reply.id, editor);
    clients.push(client);
    await synced(client.provider);
    expect(readDraftFromDoc(client.doc)).toEqual(draft.content);
  });

  it('[V2] several drafts of one standard live side by side; viewers cannot start one', async () => {
    const before = await draftIds();
    const a = await api(server.url, chair, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '3.0',
      title: '2025 proposal A',
    });
    const b = await api(server.url, editor, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '3.0',
      title: '2025 proposal B',
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    const [idA, idB] = [(a.json as { id: string }).id, (b.json as { id: string }).id];
    expect(idA).not.toBe(idB);
    expect(await draftIds()).toEqual([...before, idA, idB]);
    expect((await getDraft(idA)).title).toBe('2025 proposal A');
    expect((await getDraft(idB)).content.version).toBe('3.1');

    const byViewer = await api(server.url, viewer, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '3.0',
      title: 'Nope',
    });
    expect(byViewer.status).toBe(403);
    const unknown = await api(server.url, editor, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '9.9',
      title: 'From nothing',
    });
    expect(unknown.status).toBe(404);
    const noTitle = await api(server.url, editor, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '3.0',
      title: ' ',
    });
    expect(noTitle.status).toBe(400);
    expect((noTitle.json as { problems: string[] }).problems[0]).toMatch(/^title: give the draft a title/);
    expect(await draftIds()).toEqual([...before, idA, idB]);
  });

  it.each(seedStandards().map((seed) => [seed.path, seed.text] as const))(
    '[V3] file → draft → file is byte-identical for %s',
    async (_path, text) => {
      const imported = await api(server.url, editor, 'POST', '/api/imports', { as: 'draft', text });
      expect(imported.status, imported.text).toBe(201);
      const id = (imported.json as { draft: { id: string } }).draft.id;
      const exported = await api(server.url, viewer, 'GET', `/api/drafts/${id}/export`);
      expect(exported.status).toBe(200);
      expect(exported.text).toBe(text);
    },
  );

  it('[V3] an imported draft holds the file exactly, not re-based, and lists its problems', async () => {
    const text = readFileSync('standards/what-works-cities/3.0.json', 'utf8');
    const imported = await api(server.url, editor, 'POST', '/api/imports', {
      as: 'draft',
      text,
      title: '3.0 as a draft',
    });
    const reply = imported.json as { draft: { id: string; basedOn: string }; problems: string[] };
    expect(reply.draft.basedOn).toBe('2.0');
    expect(reply.problems).toEqual([]);
    const draft = await getDraft(reply.draft.id);
    expect(draft.title).toBe('3.0 as a draft');
    expect(standardFileText(draft.content)).toBe(text);
  });

  it('[V3] an exported draft carries live edits, and a draft that cannot be a file says why', async () => {
    const started = await api(server.url, editor, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '3.0',
      title: 'Export me',
    });
    const id = (started.json as { id: string }).id;
    const client = connectClient(server.url, id, editor);
    clients.push(client);
    await synced(client.provider);
    const edited = readDraftFromDoc(client.doc);
    replaceDocContent(client.doc, { ...edited, title: 'What Works Cities, exported' });
    await waitFor(() => server.registry.loaded(id) !== undefined, 'the room to load');
    await waitFor(
      () => readDraftFromDoc(server.registry.loaded(id)?.doc ?? client.doc).title.endsWith('exported'),
      'the edit to reach the server',
    );
    const exported = await api(server.url, viewer, 'GET', `/api/drafts/${id}/export`);
    expect(exported.status).toBe(200);
    expect(JSON.parse(exported.text)).toMatchObject({ title: 'What Works Cities, exported', version: '3.1' });

    replaceDocContent(client.doc, { ...edited, title: ' ' });
    await waitFor(
      () => readDraftFromDoc(server.registry.loaded(id)?.doc ?? client.doc).title === ' ',
      'the blank title to reach the server',
    );
    const refused = await api(server.url, viewer, 'GET', `/api/drafts/${id}/export`);
    expect(refused.status).toBe(422);
    expect((refused.json as { problems: string[] }).problems).toEqual(['title: must not be empty']);
    expect((await api(server.url, viewer, 'GET', '/api/drafts/nope/export')).status).toBe(404);
  });

  it('[V1] publish writes canonical JSON with sha256, author, time', async () => {
    const started = await api(server.url, chair, 'POST', '/api/drafts', {
      standard: WWC,
      fromVersion: '3.0',
      title: 'To publish',
    });
    const id = (started.json as { id: string }).id;
    const content = (await getDraft(id)).content;
    const before = Date.now();
    const published = await publishReviewed(server.url, chair, id, {
      version: '3.5',
      status: 'comment',
      effective: { from: '2026-01-01' },
      force: true,
    });
    const after = Date.now();
    expect(published.status, published.text).toBe(201);

    const record = await server.store.versions.getVersion(WWC, '3.5');
    if (!record) throw new Error('3.5 was not stored');
    const expected = { ...content, version: '3.5', status: 'comment', effective: { from: '2026-01-01' } };
    const reparsed = parseStandard(JSON.parse(record.json));
    expect(reparsed.ok && standardFileText(reparsed.value)).toBe(record.json);
    expect(JSON.parse(record.json)).toEqual({ $schema: STANDARD_SCHEMA_REFERENCE, ...expected });
    expect(record.sha256).toBe(sha256Hex(record.json));
    expect(record.author).toBe(chairId);
    expect(record.publishedAt).toBeGreaterThanOrEqual(before);
    expect(record.publishedAt).toBeLessThanOrEqual(after);
    expect(record.status).toBe('comment');

    const listed = (
      (await api(server.url, viewer, 'GET', `/api/standards/${WWC}/versions`)).json as {
        version: string;
        author: string;
        authorName: string | null;
        publishedAt: string;
        sha256: string;
        basedOn: string;
      }[]
    ).find((version) => version.version === '3.5');
    expect(listed).toMatchObject({
      author: chairId,
      authorName: 'First chair',
      sha256: record.sha256,
      basedOn: '3.0',
      publishedAt: new Date(record.publishedAt).toISOString(),
    });
    const read = await api(server.url, viewer, 'GET', `/api/standards/${WWC}/versions/3.5`);
    expect(read.text).toBe(record.json);
  });

  it('[V3] a chair imports a file as a new version: stored byte for byte, checked against its basedOn', async () => {
    const text = editedSeed('standards/what-works-cities/3.0.json', (standard) => ({
      ...standard,
      version: '3.0.1',
      basedOn: '3.0',
      criteria: standard.criteria.map((criterion) => ({
        ...criterion,
        lineage: { from: [criterion.id], relation: 'same' as const },
      })),
    }));
    const byEditor = await api(server.url, editor, 'POST', '/api/imports', { as: 'version', text });
    expect(byEditor.status).toBe(403);
    const imported = await api(server.url, chair, 'POST', '/api/imports', {
      as: 'version',
      text,
      standard: WWC,
    });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.json).toEqual({
      as: 'version',
      standard: WWC,
      version: '3.0.1',
      sha256: sha256Hex(text),
    });
    expect((await api(server.url, viewer, 'GET', `/api/standards/${WWC}/versions/3.0.1`)).text).toBe(text);
    expect((await server.store.versions.getVersion(WWC, '3.0.1'))?.author).toBe(chairId);

    const again = await api(server.url, chair, 'POST', '/api/imports', { as: 'version', text });
    expect(again.status).toBe(409);
    expect((again.json as { problems: string[] }).problems).toEqual([
      'version: what-works-cities 3.0.1 is already published and cannot be replaced; give the file a new version label',
    ]);
  });

  it('[V3][F6] a refused import writes nothing and lists every problem', async () => {
    const versionsBefore = await versionLabels();
    const draftsBefore = await draftIds();
    const storedBefore = await server.store.versions.listVersions();

    const broken = editedSeed('standards/what-works-cities/3.0.json', (standard) => ({
      ...standard,
      version: '3.9',
      basedOn: '3.0',
      criteria: standard.criteria.map((criterion, index) => ({
        ...criterion,
        id: index === 1 ? (standard.criteria[0]?.id ?? criterion.id) : criterion.id,
        lineage: { from: [index === 2 ? 'NOPE1' : criterion.id], relation: 'same' as const },
      })),
    }));
    const refused = await api(server.url, chair, 'POST', '/api/imports', { as: 'version', text: broken });
    expect(refused.status).toBe(422);
    const problems = (refused.json as { error: string; problems: string[] }).problems;
    expect((refused.json as { error: string }).error).toMatch(/nothing was written/);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^criteria\.1\.id: duplicate criterion id "DM1"/) as unknown,
        expect.stringMatching(/^criteria\.2\.lineage\.from\.0: .*NOPE1/) as unknown,
      ]),
    );

    const orphan = editedSeed('standards/what-works-cities/3.0.json', (standard) => ({
      ...standard,
      version: '4.0',
      basedOn: '3.7',
    }));
    const noBase = await api(server.url, chair, 'POST', '/api/imports', { as: 'version', text: orphan });
    expect(noBase.status).toBe(422);
    expect((noBase.json as { problems: string[] }).problems[0]).toBe(
      'basedOn: version "3.7" of what-works-cities is not in Tierline; import it first',
    );

    const syntax = await api(server.url, chair, 'POST', '/api/imports', {
      as: 'draft',
      text: '{\n  "kind": "standard",\n  "id": oops\n}\n',
    });
    expect(syntax.status).toBe(422);
    expect((syntax.json as { problems: string[] }).problems[0]).toMatch(/^line 3, column 9: /);

    const shape = await api(server.url, editor, 'POST', '/api/imports', {
      as: 'draft',
      text: editedSeed('standards/what-works-cities/3.0.json', (standard) => ({ ...standard, title: '' })),
    });
    expect(shape.status).toBe(422);
    expect((shape.json as { problems: string[] }).problems).toEqual(['title: must not be empty']);

    const otherStandard = await api(server.url, chair, 'POST', '/api/imports', {
      as: 'version',
      text: readFileSync('standards/green-building-rating/1.0.json', 'utf8'),
      standard: WWC,
    });
    expect(otherStandard.status).toBe(422);
    expect((otherStandard.json as { problems: string[] }).problems).toEqual([
      'id: this file is a version of "green-building-rating", not of "what-works-cities"',
    ]);

    const cohort = await api(server.url, chair, 'POST', '/api/imports', {
      as: 'version',
      text: readFileSync('standards/what-works-cities/assessments/2018.json', 'utf8'),
    });
    expect(cohort.status).toBe(422);

    expect(await versionLabels()).toEqual(versionsBefore);
    expect(await draftIds()).toEqual(draftsBefore);
    expect(await server.store.versions.listVersions()).toEqual(storedBefore);
  });
});
