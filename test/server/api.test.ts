import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishReviewed } from './publish-draft.ts';
import { api, signInWithToken, startTestServer, type TestServer } from './test-server.ts';

describe('REST API', () => {
  let server: TestServer;
  let chair: string;
  let editor: string;
  let viewer: string;

  beforeAll(async () => {
    server = await startTestServer();
    if (!server.firstChairToken) throw new Error('no first-chair token on a fresh data directory');
    chair = await signInWithToken(server.url, server.firstChairToken);
    editor = await server.signIn('Editor Ed', 'editor');
    viewer = await server.signIn('Viewer Vi', 'viewer');
  });
  afterAll(async () => server.dispose());

  it('[P1] health answers 200 once the store is open, and the first start said where the sign-in link is', async () => {
    const health = await api(server.url, undefined, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(server.logLines.some((line) => line.includes('first-chair-sign-in.txt'))).toBe(true);
  });

  it('[P1] the first start seeds every version, one draft per standard and the cohorts', async () => {
    const standards = await api(server.url, chair, 'GET', '/api/standards');
    expect(standards.json).toEqual([
      {
        id: 'green-building-rating',
        title: expect.any(String) as unknown,
        latestVersion: '1.0',
        versionCount: 1,
      },
      {
        id: 'what-works-cities',
        title: 'What Works Cities Certification Standard',
        latestVersion: '3.0',
        versionCount: 3,
      },
    ]);
    const versions = await api(server.url, chair, 'GET', '/api/standards/what-works-cities/versions');
    expect(
      (versions.json as { version: string; criteria: number }[]).map((v) => [v.version, v.criteria]),
    ).toEqual([
      ['1.0', 50],
      ['2.0', 45],
      ['3.0', 44],
    ]);
    const drafts = await api(server.url, editor, 'GET', '/api/drafts');
    expect(drafts.json).toEqual([
      {
        id: 'green-building-rating-draft',
        standard: 'green-building-rating',
        title: expect.any(String) as unknown,
        basedOn: '1.0',
      },
      {
        id: 'what-works-cities-draft',
        standard: 'what-works-cities',
        title: expect.any(String) as unknown,
        basedOn: '3.0',
      },
    ]);
    const cohorts = await api(server.url, viewer, 'GET', '/api/assessments');
    expect(cohorts.json).toEqual([
      { standard: 'what-works-cities', cycle: '2018' },
      { standard: 'what-works-cities', cycle: '2019' },
      { standard: 'what-works-cities', cycle: '2021' },
      { standard: 'what-works-cities', cycle: '2024' },
    ]);
    const draft = await api(server.url, editor, 'GET', '/api/drafts/what-works-cities-draft');
    const content = (
      draft.json as { content: { version: string; basedOn: string; criteria: { lineage: unknown }[] } }
    ).content;
    expect(content.basedOn).toBe('3.0');
    expect(content.version).toBe('3.1');
    expect(content.criteria).toHaveLength(44);
    expect(content.criteria[0]?.lineage).toEqual({
      from: [(content.criteria[0] as unknown as { id: string }).id],
      relation: 'same',
    });
    expect((draft.json as { problems: string[] }).problems).toEqual([]);
  });

  it('[V1] any version reads back byte for byte as the file in standards/', async () => {
    const { readFileSync } = await import('node:fs');
    const version = await api(server.url, viewer, 'GET', '/api/standards/what-works-cities/versions/2.0');
    expect(version.status).toBe(200);
    expect(version.text).toBe(readFileSync('standards/what-works-cities/2.0.json', 'utf8'));
  });

  it('[P3] without a session the API answers 401; a bad invite token says why', async () => {
    expect((await api(server.url, undefined, 'GET', '/api/drafts')).status).toBe(401);
    const refused = await api(server.url, undefined, 'POST', '/api/session', { token: 'not-a-token' });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'this invite token is not valid; ask a chair for a new invite' });
    const used = await api(server.url, undefined, 'POST', '/api/session', { token: server.firstChairToken });
    expect(used.json).toEqual({ error: 'this invite was already used; ask a chair for a new invite' });
  });

  it('[P3] write endpoints validate input and answer 400 with path: message problems', async () => {
    const invite = await api(server.url, chair, 'POST', '/api/invites', { name: '', role: 'president' });
    expect(invite.status).toBe(400);
    expect((invite.json as { problems: string[] }).problems).toEqual([
      'name: must not be empty',
      expect.stringMatching(/^role: /) as unknown,
    ]);
  });

  it('[P3] only a chair manages members; an invite signs in a new member once', async () => {
    expect(
      (await api(server.url, editor, 'POST', '/api/invites', { name: 'X', role: 'editor' })).status,
    ).toBe(403);
    expect((await api(server.url, viewer, 'GET', '/api/members')).status).toBe(403);
    const invite = await api(server.url, chair, 'POST', '/api/invites', {
      name: 'New Member',
      role: 'viewer',
    });
    expect(invite.status).toBe(201);
    const token = (invite.json as { token: string }).token;
    const cookie = await signInWithToken(server.url, token);
    const me = await api(server.url, cookie, 'GET', '/api/session');
    expect((me.json as { member: { name: string; role: string } }).member).toMatchObject({
      name: 'New Member',
      role: 'viewer',
    });
    const signOut = await api(server.url, cookie, 'DELETE', '/api/session');
    expect(signOut.status).toBe(204);
    expect((await api(server.url, cookie, 'GET', '/api/session')).status).toBe(401);
  });

  it('[V1] seeded versions are dated the year they were really published, not the day the server first ran', async () => {
    const years = async (standard: string) =>
      (
        (await api(server.url, viewer, 'GET', `/api/standards/${standard}/versions`)).json as {
          version: string;
          publishedAt: string;
          author: string;
        }[]
      ).map((version) => [version.version, version.publishedAt.slice(0, 4), version.author]);
    expect(await years('what-works-cities')).toEqual([
      ['1.0', '2017', 'import'],
      ['2.0', '2018', 'import'],
      ['3.0', '2022', 'import'],
    ]);
    expect(await years('green-building-rating')).toEqual([['1.0', '2024', 'import']]);
  });

  it('[V1] an editor cannot publish; a chair publishes a valid draft once', async () => {
    const byEditor = await api(
      server.url,
      editor,
      'POST',
      '/api/drafts/green-building-rating-draft/publish',
      {},
    );
    expect(byEditor.status).toBe(403);
    // The seeded draft has no changes since 1.0, so the chair insists (force).
    const published = await publishReviewed(server.url, chair, 'green-building-rating-draft', {
      version: '1.1',
      status: 'comment',
      effective: { from: '2027-01-01' },
      force: true,
    });
    expect(published.status).toBe(201);
    expect(published.json).toMatchObject({
      standard: 'green-building-rating',
      version: '1.1',
      status: 'comment',
    });
    const stored = await api(server.url, chair, 'GET', '/api/standards/green-building-rating/versions/1.1');
    expect(JSON.parse(stored.text)).toMatchObject({
      version: '1.1',
      basedOn: '1.0',
      status: 'comment',
      effective: { from: '2027-01-01' },
    });
    const again = await publishReviewed(server.url, chair, 'green-building-rating-draft', {
      version: '1.1',
      force: true,
    });
    expect(again.status).toBe(409);
    expect((again.json as { error: string }).error).toMatch(/already published/);
  });

  it('[V1] a published version cannot be changed or deleted through the API', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const response = await api(
        server.url,
        chair,
        method,
        '/api/standards/what-works-cities/versions/3.0',
        {},
      );
      expect(response.status, method).toBe(405);
    }
    const publishOver = await publishReviewed(server.url, chair, 'what-works-cities-draft', {
      version: '3.0',
      force: true,
    });
    expect(publishOver.status).toBe(409);
    expect((publishOver.json as { error: string }).error).toMatch(/already published/);
    const version = await api(server.url, viewer, 'GET', '/api/standards/what-works-cities/versions/3.0');
    const { readFileSync } = await import('node:fs');
    expect(version.text).toBe(readFileSync('standards/what-works-cities/3.0.json', 'utf8'));
  });
});
