import { afterEach, describe, expect, it } from 'vitest';
import { inviteMember, SESSION_LIFETIME_MS } from '../../server/auth/membership.ts';
import type { Member } from '../../server/store/store.ts';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import { connectFaultClient, type FaultClient } from '../faults/sync-clients.ts';
import { api, signInWithToken, startTestServer, synced, waitFor, type TestServer } from './test-server.ts';

/**
 * H2: rights hold for the life of a connection. Three real y-websocket clients — a chair, an editor and an
 * observer — on one draft; the chair changes the editor's rights through the REST API while the editor's
 * socket stays open.
 */

const DRAFT = 'what-works-cities-draft';

interface Participant {
  readonly cookie: string;
  readonly member: Member;
  readonly client: FaultClient;
  /** How the server closed this client's connections, in order. */
  readonly closes: { code: number; reason: string }[];
}

describe('rights for the life of a connection', { timeout: 20_000 }, () => {
  let server: TestServer;
  const cleanups: (() => void)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await server.dispose();
  });

  let nextClientId = 100;
  const join = async (name: string, role: Member['role']): Promise<Participant> => {
    const cookie = await server.signIn(name, role);
    const member = ((await api(server.url, cookie, 'GET', '/api/session')).json as { member: Member }).member;
    const client = connectFaultClient(server.url, DRAFT, cookie, nextClientId++);
    const closes: { code: number; reason: string }[] = [];
    client.provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });
    cleanups.push(() => client.destroy());
    await synced(client.provider);
    // A tab publishes its presence as soon as it opens (the state y-websocket starts with is never sent).
    client.provider.awareness.setLocalStateField('panel', 'criterion');
    return { cookie, member, client, closes };
  };

  /** The presence `user` that `observer` shows for `subject`'s tab. */
  const userSeenBy = (observer: Participant, subject: Participant) =>
    observer.client.provider.awareness.getStates().get(subject.client.doc.clientID)?.['user'] as
      { name?: string; role?: string } | undefined;

  const threeClients = async () => {
    const chair = await join('Chair Cho', 'chair');
    const editor = await join('Editor Ed', 'editor');
    const observer = await join('Observer Olu', 'editor');
    return { chair, editor, observer };
  };

  it("[H2] a demoted editor's next write is dropped: not stored, not seen by others; presence says viewer", async () => {
    server = await startTestServer();
    const { chair, editor, observer } = await threeClients();
    editor.client.doc.getText('probe').insert(0, 'before ');
    await waitFor(
      () => observer.client.doc.getText('probe').toString() === 'before ',
      'the editor to be heard while an editor',
    );

    const demoted = await api(server.url, chair.cookie, 'PATCH', `/api/members/${editor.member.id}`, {
      role: 'viewer',
    });
    expect(demoted.status).toBe(200);
    await waitFor(
      () => userSeenBy(observer, editor)?.role === 'viewer',
      "the editor's presence to say viewer",
    );

    editor.client.doc.getText('probe').insert(7, 'AFTER DEMOTION');
    // A socket's messages are handled in order: once this presence change is relayed, the write before it was too.
    editor.client.provider.awareness.setLocalStateField('criterion', 'barrier');
    await waitFor(
      () =>
        observer.client.provider.awareness.getStates().get(editor.client.doc.clientID)?.['criterion'] ===
        'barrier',
      "the demoted editor's later presence",
    );
    expect(observer.client.doc.getText('probe').toString()).toBe('before ');
    expect(chair.client.doc.getText('probe').toString()).toBe('before ');
    expect(editor.client.provider.wsconnected).toBe(true);

    const fresh = await join('Late Lia', 'viewer');
    expect(fresh.client.doc.getText('probe').toString()).toBe('before ');
  });

  it("[H2] a removed member's open socket closes with 4401; the others keep syncing", async () => {
    server = await startTestServer();
    const { chair, editor, observer } = await threeClients();
    const removed = await api(server.url, chair.cookie, 'DELETE', `/api/members/${editor.member.id}`);
    expect(removed.status).toBe(204);
    await waitFor(() => editor.closes.length > 0, "the removed member's socket to close");
    expect(editor.closes[0]).toEqual({
      code: CloseCode.unauthenticated,
      reason: 'your membership was removed',
    });
    expect(server.logLines.some((line) => line.includes('4401 (your membership was removed)'))).toBe(true);

    chair.client.doc.getText('probe').insert(0, 'still here');
    await waitFor(
      () => observer.client.doc.getText('probe').toString() === 'still here',
      'the observer to see the chair after the removal',
    );
    expect(observer.closes).toEqual([]);
  });

  it("[H2] a member who signs out has their open socket closed with 4401; their other sessions' stay open", async () => {
    server = await startTestServer();
    const { editor, observer } = await threeClients();
    const signedOut = await api(server.url, editor.cookie, 'DELETE', '/api/session');
    expect(signedOut.status).toBe(204);
    await waitFor(() => editor.closes.length > 0, "the signed-out member's socket to close");
    expect(editor.closes[0]).toEqual({ code: CloseCode.unauthenticated, reason: 'you were signed out' });
    expect(observer.closes).toEqual([]);
    expect(observer.client.provider.wsconnected).toBe(true);
  });

  it('[H2] a session that expires while its socket is open is closed with 4401', async () => {
    let offset = 0;
    server = await startTestServer({ now: () => Date.now() + offset });
    const { editor, observer } = await threeClients();
    offset = SESSION_LIFETIME_MS - 60_000;
    // Signed in a month after the others: still valid when theirs have expired.
    const { token } = await inviteMember(
      server.store,
      { name: 'Later Lou', role: 'editor' },
      Date.now() + offset,
    );
    const lateCookie = await signInWithToken(server.url, token);
    const late = connectFaultClient(server.url, DRAFT, lateCookie, 999);
    cleanups.push(() => late.destroy());
    await synced(late.provider);
    offset = SESSION_LIFETIME_MS + 1000;
    await waitFor(() => editor.closes.length > 0, "the expired session's socket to close");
    expect(editor.closes[0]).toEqual({ code: CloseCode.unauthenticated, reason: 'your session expired' });
    await waitFor(() => observer.closes.length > 0, 'the other expired session to close');
    expect(late.provider.wsconnected).toBe(true);
  });

  it('[H2] told to recheck a member, the endpoint applies a role change at once (no sweep needed)', async () => {
    server = await startTestServer({ sessionRecheckMs: 3_600_000 });
    const { editor, observer } = await threeClients();
    await server.store.members.setMemberRole(editor.member.id, 'viewer');
    await server.sync.recheckMember(editor.member.id);
    await waitFor(
      () => userSeenBy(observer, editor)?.role === 'viewer',
      "the editor's presence to say viewer",
    );
    editor.client.doc.getText('probe').insert(0, 'dropped');
    editor.client.provider.awareness.setLocalStateField('criterion', 'barrier');
    await waitFor(
      () =>
        observer.client.provider.awareness.getStates().get(editor.client.doc.clientID)?.['criterion'] ===
        'barrier',
      "the demoted editor's later presence",
    );
    expect(observer.client.doc.getText('probe').toString()).toBe('');
    expect(server.registry.loaded(DRAFT)?.doc.getText('probe').toString()).toBe('');
  });
});
