import { expect, it } from 'vitest';
import {
  LastChairError,
  TokenHashInUseError,
  UnknownMemberError,
} from '../../../server/store/store-errors.ts';
import type { Member, Store } from '../../../server/store/store.ts';
import type { ContractContext } from '../store-contract.ts';
import { T0, sha256Of, addMember } from './sample-records.ts';

const HOUR = 3_600_000;

/** An invite for `name`, valid for one hour from T0, keyed by the hash of a made-up token. */
async function invite(store: Store, token: string, name = 'Ada', role: Member['role'] = 'editor') {
  return await store.invites.createInvite({
    tokenHash: sha256Of(token),
    name,
    role,
    createdAt: T0,
    expiresAt: T0 + HOUR,
  });
}

async function signedIn(store: Store, memberId: string, sessionId = 'session-1') {
  return await store.sessions.createSession({
    idHash: sha256Of(sessionId),
    memberId,
    createdAt: T0,
    expiresAt: T0 + HOUR,
  });
}

export function memberContract(context: ContractContext): void {
  it('[P3] members are added under new ids, listed oldest first, change role and are removed', async () => {
    const store = context.store();
    const chair = await addMember(store, { name: 'Chair', role: 'chair', createdAt: T0 });
    const viewer = await addMember(store, { name: 'Vi', role: 'viewer', createdAt: T0 + 1 });

    expect(chair).toEqual({ id: chair.id, name: 'Chair', role: 'chair', createdAt: T0, lastSignInAt: null });
    expect(chair.id).toMatch(/^\S+$/);
    expect(viewer.id).not.toBe(chair.id);
    expect(await store.members.getMember(chair.id)).toEqual(chair);
    expect(await store.members.listMembers()).toEqual([chair, viewer]);

    expect(await store.members.setMemberRole(viewer.id, 'editor')).toEqual({ ...viewer, role: 'editor' });
    expect((await store.members.getMember(viewer.id))?.role).toBe('editor');
    await expect(store.members.setMemberRole('missing', 'chair')).rejects.toThrow(UnknownMemberError);

    expect(await store.members.removeMember(viewer.id)).toBe(true);
    expect(await store.members.removeMember(viewer.id)).toBe(false);
    expect(await store.members.listMembers()).toEqual([chair]);
  });

  it('[P3] an invite creates its member once; a second redemption is refused as used', async () => {
    const store = context.store();
    const created = await invite(store, 'token-1', 'Ada', 'chair');
    expect(created).toEqual({
      tokenHash: sha256Of('token-1'),
      name: 'Ada',
      role: 'chair',
      createdAt: T0,
      expiresAt: T0 + HOUR,
      usedAt: null,
      memberId: null,
    });

    const redeemed = await store.invites.redeemInvite(sha256Of('token-1'), T0 + 10);
    if (!redeemed.ok) throw new Error(`expected the invite to be redeemed, got ${redeemed.reason}`);
    expect(redeemed.member).toEqual({
      id: redeemed.member.id,
      name: 'Ada',
      role: 'chair',
      createdAt: T0 + 10,
      lastSignInAt: null,
    });
    expect(redeemed.member.id).toMatch(/^\S+$/);
    expect(await store.members.listMembers()).toEqual([redeemed.member]);
    expect(await store.invites.listInvites()).toEqual([
      { ...created, usedAt: T0 + 10, memberId: redeemed.member.id },
    ]);

    expect(await store.invites.redeemInvite(sha256Of('token-1'), T0 + 20)).toEqual({
      ok: false,
      reason: 'used',
    });
    expect(await store.members.listMembers()).toHaveLength(1);
  });

  it('[P3] an invite is refused from its expiry instant on; a used one stays "used"', async () => {
    const store = context.store();
    await invite(store, 'late');
    await invite(store, 'just-in-time');
    expect(await store.invites.redeemInvite(sha256Of('late'), T0 + HOUR)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect((await store.invites.redeemInvite(sha256Of('just-in-time'), T0 + HOUR - 1)).ok).toBe(true);
    expect(await store.invites.redeemInvite(sha256Of('just-in-time'), T0 + 2 * HOUR)).toEqual({
      ok: false,
      reason: 'used',
    });
    expect(await store.members.listMembers()).toHaveLength(1);
  });

  it('[P3] an unknown or revoked invite is refused as unknown', async () => {
    const store = context.store();
    await invite(store, 'revoked');
    expect(await store.invites.revokeInvite(sha256Of('revoked'))).toBe(true);
    expect(await store.invites.revokeInvite(sha256Of('revoked'))).toBe(false);
    expect(await store.invites.redeemInvite(sha256Of('revoked'), T0)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await store.invites.redeemInvite(sha256Of('never-issued'), T0)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await store.invites.listInvites()).toEqual([]);
    expect(await store.members.listMembers()).toEqual([]);
  });

  it('[P3] a token hash is stored only once', async () => {
    const store = context.store();
    await invite(store, 'token-1');
    await expect(invite(store, 'token-1', 'Someone else')).rejects.toThrow(TokenHashInUseError);
    const member = await addMember(store, { name: 'Ada', role: 'editor', createdAt: T0 });
    await signedIn(store, member.id);
    await expect(signedIn(store, member.id)).rejects.toThrow(TokenHashInUseError);
  });

  it('[P3] a session signs its member in until its expiry instant', async () => {
    const store = context.store();
    const member = await addMember(store, { name: 'Ada', role: 'editor', createdAt: T0 });
    expect(await signedIn(store, member.id)).toEqual({
      idHash: sha256Of('session-1'),
      memberId: member.id,
      createdAt: T0,
      expiresAt: T0 + HOUR,
    });
    const signedInMember = { ...member, lastSignInAt: T0 };
    expect(await store.sessions.getSessionMember(sha256Of('session-1'), T0 + HOUR - 1)).toEqual(
      signedInMember,
    );
    expect(await store.sessions.getSessionMember(sha256Of('session-1'), T0 + HOUR)).toBeUndefined();
    expect(await store.sessions.getSessionMember(sha256Of('unknown'), T0)).toBeUndefined();
  });

  it('[P3] a session resolves to the member as they are now, with their current role', async () => {
    const store = context.store();
    const member = await addMember(store, { name: 'Ada', role: 'editor', createdAt: T0 });
    await signedIn(store, member.id);
    await store.members.setMemberRole(member.id, 'viewer');
    expect((await store.sessions.getSessionMember(sha256Of('session-1'), T0))?.role).toBe('viewer');
  });

  it('[P3] signing out, or removing the member, ends the session', async () => {
    const store = context.store();
    const ada = await addMember(store, { name: 'Ada', role: 'editor', createdAt: T0 });
    const bo = await addMember(store, { name: 'Bo', role: 'editor', createdAt: T0 });
    await signedIn(store, ada.id, 'ada-laptop');
    await signedIn(store, ada.id, 'ada-phone');
    await signedIn(store, bo.id, 'bo-laptop');

    expect(await store.sessions.deleteSession(sha256Of('ada-laptop'))).toBe(true);
    expect(await store.sessions.deleteSession(sha256Of('ada-laptop'))).toBe(false);
    expect(await store.sessions.getSessionMember(sha256Of('ada-laptop'), T0)).toBeUndefined();
    expect(await store.sessions.getSessionMember(sha256Of('ada-phone'), T0)).toEqual({
      ...ada,
      lastSignInAt: T0,
    });

    await store.members.removeMember(ada.id);
    expect(await store.sessions.getSessionMember(sha256Of('ada-phone'), T0)).toBeUndefined();
    expect(await store.sessions.getSessionMember(sha256Of('bo-laptop'), T0)).toEqual({
      ...bo,
      lastSignInAt: T0,
    });
    await expect(signedIn(store, ada.id, 'ada-again')).rejects.toThrow(UnknownMemberError);
  });

  it('[P3] expired sessions are swept, live ones kept', async () => {
    const store = context.store();
    const member = await addMember(store, { name: 'Ada', role: 'editor', createdAt: T0 });
    for (const [id, expiresAt] of [
      ['old', T0 + 1],
      ['ends-now', T0 + 2],
      ['live', T0 + 3],
    ] as const) {
      await store.sessions.createSession({
        idHash: sha256Of(id),
        memberId: member.id,
        createdAt: T0,
        expiresAt,
      });
    }
    expect(await store.sessions.deleteExpiredSessions(T0 + 2)).toBe(2);
    expect(await store.sessions.deleteExpiredSessions(T0 + 2)).toBe(0);
    expect((await store.sessions.getSessionMember(sha256Of('live'), T0 + 2))?.id).toBe(member.id);
    expect(await store.sessions.deleteSession(sha256Of('old'))).toBe(false);
  });

  it('[H8] a new session records the sign-in time on its member; other members keep theirs', async () => {
    const store = context.store();
    const ada = await addMember(store, { name: 'Ada', role: 'editor', createdAt: T0 });
    const bo = await addMember(store, { name: 'Bo', role: 'viewer', createdAt: T0 + 1 });
    await store.sessions.createSession({
      idHash: sha256Of('a1'),
      memberId: ada.id,
      createdAt: T0 + 5,
      expiresAt: T0 + HOUR,
    });
    await store.sessions.createSession({
      idHash: sha256Of('a2'),
      memberId: ada.id,
      createdAt: T0 + 9,
      expiresAt: T0 + HOUR,
    });
    expect((await store.members.getMember(ada.id))?.lastSignInAt).toBe(T0 + 9);
    expect((await store.members.getMember(bo.id))?.lastSignInAt).toBeNull();
    expect((await store.members.listMembers()).map((member) => member.lastSignInAt)).toEqual([T0 + 9, null]);
  });

  it('[H8] the last chair can be neither demoted nor removed; with a second chair both work', async () => {
    const store = context.store();
    const ada = await addMember(store, { name: 'Ada', role: 'chair', createdAt: T0 });
    const bo = await addMember(store, { name: 'Bo', role: 'editor', createdAt: T0 + 1 });
    await expect(store.members.setMemberRole(ada.id, 'editor')).rejects.toThrow(LastChairError);
    await expect(store.members.setMemberRole(ada.id, 'viewer')).rejects.toThrow(
      'Ada is the last chair; make another member chair first',
    );
    await expect(store.members.removeMember(ada.id)).rejects.toThrow(LastChairError);
    expect((await store.members.getMember(ada.id))?.role).toBe('chair');
    // Re-confirming the last chair as chair, and changing others, is not a lock-out.
    expect((await store.members.setMemberRole(ada.id, 'chair')).role).toBe('chair');
    expect((await store.members.setMemberRole(bo.id, 'viewer')).role).toBe('viewer');

    await store.members.setMemberRole(bo.id, 'chair');
    expect((await store.members.setMemberRole(ada.id, 'editor')).role).toBe('editor');
    await expect(store.members.removeMember(bo.id)).rejects.toThrow(LastChairError);
    await store.members.setMemberRole(ada.id, 'chair');
    expect(await store.members.removeMember(bo.id)).toBe(true);
    expect((await store.members.listMembers()).map((member) => [member.name, member.role])).toEqual([
      ['Ada', 'chair'],
    ]);
  });
}
