import { addMember } from '../store/contract/sample-records.ts';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstChairLinkPathIn } from '../../server/auth/first-chair-link.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import { api, signInWithToken, startTestServer, type TestServer, waitFor } from './test-server.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface Listed {
  id: string;
  name: string;
  role: string;
  joinedAt: string;
  lastSignInAt: string | null;
}

describe('members, invites and sessions (H8, P3)', () => {
  let server: TestServer;
  let chair: string;
  let chairId: string;
  const changed: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ rightsChanged: (memberId) => changed.push(memberId) });
  });
  afterAll(async () => server.dispose());

  const members = async () => (await api(server.url, chair, 'GET', '/api/members')).json as Listed[];

  it("[H8] the first chair's link is in a file only the server's user can read, never in the log, and goes once used", async () => {
    const token = server.firstChairToken;
    if (!token) throw new Error('no first-chair token on a fresh data directory');
    const file = firstChairLinkPathIn(server.dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(`${server.url}/sign-in#token=${token}`);
    expect(server.logLines.join('\n')).not.toContain(token);
    expect(server.logLines.join('\n')).toContain(file);
    expect(server.logLines.join('\n')).toContain('npx tierline invite --name "Your Name" --role chair');

    chair = await signInWithToken(server.url, token);
    expect(existsSync(file)).toBe(false);
    chairId = ((await api(server.url, chair, 'GET', '/api/session')).json as { member: { id: string } })
      .member.id;
  });

  it('[H8] the members page lists who joined and signed in when', async () => {
    const never = await addMember(server.store, {
      name: 'Seeded Sam',
      role: 'viewer',
      createdAt: Date.now(),
    });
    const listed = await members();
    expect(listed).toEqual([
      {
        id: chairId,
        name: 'First chair',
        role: 'chair',
        joinedAt: expect.stringMatching(ISO) as unknown,
        lastSignInAt: expect.stringMatching(ISO) as unknown,
      },
      {
        id: never.id,
        name: 'Seeded Sam',
        role: 'viewer',
        joinedAt: new Date(never.createdAt).toISOString(),
        lastSignInAt: null,
      },
    ]);
  });

  it('[H8] the last chair cannot be demoted (409); with a second chair the first can step down', async () => {
    const refused = await api(server.url, chair, 'PATCH', `/api/members/${chairId}`, { role: 'editor' });
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ error: 'First chair is the last chair; make another member chair first' });
    expect((await members()).find((m) => m.id === chairId)?.role).toBe('chair');

    const second = await server.signIn('Second Chair', 'editor');
    const secondId = (
      (await api(server.url, second, 'GET', '/api/session')).json as { member: { id: string } }
    ).member.id;
    const promoted = await api(server.url, chair, 'PATCH', `/api/members/${secondId}`, { role: 'chair' });
    expect(promoted.status).toBe(200);
    expect(promoted.json).toEqual({
      id: secondId,
      name: 'Second Chair',
      role: 'chair',
      joinedAt: expect.stringMatching(ISO) as unknown,
      lastSignInAt: expect.stringMatching(ISO) as unknown,
    });
    expect(changed).toContain(secondId);
    // Now the second chair manages members, and the first may step down.
    const steppedDown = await api(server.url, second, 'PATCH', `/api/members/${chairId}`, { role: 'editor' });
    expect(steppedDown.status).toBe(200);
    expect(
      await api(server.url, second, 'PATCH', `/api/members/${secondId}`, { role: 'viewer' }),
    ).toMatchObject({ status: 409 });
    expect((await api(server.url, chair, 'GET', '/api/members')).status).toBe(403);
    expect(
      (await api(server.url, second, 'PATCH', `/api/members/${chairId}`, { role: 'chair' })).status,
    ).toBe(200);
  });

  it('[H8] a chair cannot remove themselves (400); removing a member signs them out and is reported', async () => {
    expect((await api(server.url, chair, 'DELETE', `/api/members/${chairId}`)).status).toBe(400);
    const editor = await server.signIn('Leaving Lee', 'editor');
    const editorId = (
      (await api(server.url, editor, 'GET', '/api/session')).json as { member: { id: string } }
    ).member.id;
    expect((await api(server.url, chair, 'DELETE', `/api/members/${editorId}`)).status).toBe(204);
    expect(changed).toContain(editorId);
    expect((await api(server.url, editor, 'GET', '/api/session')).status).toBe(401);
    expect((await api(server.url, chair, 'DELETE', `/api/members/${editorId}`)).status).toBe(404);
  });

  it('[H8] signing out is reported with the member id', async () => {
    const viewer = await server.signIn('Brief Visit', 'viewer');
    const viewerId = (
      (await api(server.url, viewer, 'GET', '/api/session')).json as { member: { id: string } }
    ).member.id;
    expect((await api(server.url, viewer, 'DELETE', '/api/session')).status).toBe(204);
    expect(changed.at(-1)).toBe(viewerId);
  });

  it('[H8] an open invite is listed, can be revoked, and its token is then refused', async () => {
    const created = await api(server.url, chair, 'POST', '/api/invites', {
      name: 'Invited Ivy',
      role: 'editor',
    });
    expect(created.status).toBe(201);
    const invite = created.json as {
      id: string;
      token: string;
      link: string;
      name: string;
      role: string;
      expiresAt: string;
    };
    expect(invite).toEqual({
      id: hashToken(invite.token).slice(0, 16),
      token: expect.stringMatching(/^[\w-]{43}$/) as unknown,
      link: `${server.url}/sign-in#token=${invite.token}`,
      name: 'Invited Ivy',
      role: 'editor',
      expiresAt: expect.stringMatching(ISO) as unknown,
    });
    const open = (await api(server.url, chair, 'GET', '/api/invites')).json as unknown[];
    expect(open).toContainEqual({
      id: invite.id,
      name: 'Invited Ivy',
      role: 'editor',
      createdAt: expect.stringMatching(ISO) as unknown,
      expiresAt: invite.expiresAt,
    });
    expect(JSON.stringify(open)).not.toContain(invite.token);

    expect((await api(server.url, chair, 'DELETE', `/api/invites/${invite.id}`)).status).toBe(204);
    expect((await api(server.url, chair, 'GET', '/api/invites')).json).not.toContainEqual(
      expect.objectContaining({ id: invite.id }),
    );
    const signIn = await api(server.url, undefined, 'POST', '/api/session', { token: invite.token });
    expect(signIn.status).toBe(401);
    expect((await api(server.url, chair, 'DELETE', `/api/invites/${invite.id}`)).status).toBe(404);
    expect((await api(server.url, chair, 'DELETE', '/api/invites/0123456789abcdef')).status).toBe(404);
  });

  it('[H8] a used invite is no longer open and cannot be revoked', async () => {
    const created = (
      await api(server.url, chair, 'POST', '/api/invites', { name: 'Quick Quinn', role: 'viewer' })
    ).json as { id: string; token: string };
    await signInWithToken(server.url, created.token);
    expect((await api(server.url, chair, 'GET', '/api/invites')).json).not.toContainEqual(
      expect.objectContaining({ id: created.id }),
    );
    const revoke = await api(server.url, chair, 'DELETE', `/api/invites/${created.id}`);
    expect(revoke.status).toBe(404);
    expect(revoke.json).toEqual({
      error: `invite ${created.id} was already used; remove the member instead`,
    });
  });

  it('[H8] only a chair sees or revokes invites', async () => {
    const editor = await server.signIn('Curious Cal', 'editor');
    expect((await api(server.url, editor, 'GET', '/api/invites')).status).toBe(403);
    expect((await api(server.url, editor, 'DELETE', '/api/invites/0123456789abcdef')).status).toBe(403);
  });
});

describe('sign-in rate limit and session purge (H8)', () => {
  it('[H8] after 10 failed sign-ins in a minute an address gets 429 with Retry-After, even with a good token, until the minute is over', async () => {
    let clock = Date.now();
    const server = await startTestServer({ now: () => clock });
    try {
      for (let attempt = 0; attempt < 10; attempt++) {
        expect(
          (await api(server.url, undefined, 'POST', '/api/session', { token: `guess-${attempt}` })).status,
        ).toBe(401);
      }
      clock += 15_000;
      const response = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: server.firstChairToken }),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('45');
      expect(await response.json()).toEqual({
        error: 'too many failed sign-ins from your address; try again in 45 seconds',
      });
      clock += 45_000;
      await signInWithToken(server.url, server.firstChairToken ?? '');
    } finally {
      await server.dispose();
    }
  });

  it('[H8] expired sessions are deleted at start and then periodically', async () => {
    const first = await startTestServer();
    const member = await addMember(first.store, { name: 'Ada', role: 'editor', createdAt: Date.now() });
    const session = async (id: string, expiresAt: number) =>
      await first.store.sessions.createSession({
        idHash: hashToken(id),
        memberId: member.id,
        createdAt: Date.now() - 10,
        expiresAt,
      });
    await session('expired', Date.now() - 1);
    await session('live', Date.now() + 3_600_000);
    await first.close();

    const second = await startTestServer({ dataDir: first.dataDir, sessionPurgeMs: 20 });
    try {
      expect(second.logLines).toContain('Deleted 1 expired session');
      // Only the live one is left to sweep, a day from now.
      const left = async () => await second.store.sessions.deleteExpiredSessions(Date.now() + 86_400_000);
      await second.store.sessions.createSession({
        idHash: hashToken('soon'),
        memberId: member.id,
        createdAt: Date.now(),
        expiresAt: Date.now() + 30,
      });
      await waitFor(
        () => second.logLines.filter((line) => line === 'Deleted 1 expired session').length === 2,
        'the periodic purge to delete the session that expired',
      );
      expect(await left()).toBe(1);
    } finally {
      await second.dispose();
    }
  });
});
