import { expect, it } from 'vitest';
import {
  LastChairError,
  TokenHashInUseError,
  UnknownMemberError,
} from '../../../server/store/store-errors.ts';
import type { Member, Store } from '../../../server/store/store.ts';
import type { ContractContext } from '../store-contract.ts';
import { T0, sha256Of } from './sample-records.ts';

const HOUR = 3_600_000;

/** An invite for `name`, valid for one hour from T0, keyed by the hash of a made-up token. */
function invite(store: Store, token: string, name = 'Ada', role: Member['role'] = 'editor') {
  return store.invites.createInvite({
    tokenHash: sha256Of(token),
    name,
    role,
    createdAt: T0,
    expiresAt: T0 + HOUR,
  });
}

function signedIn(store: Store, memberId: string, sessionId = 'session-1') {
  return store.sessions.createSession({
    idHash: sha256Of(sessionId),
    memberId,
    createdAt: T0,
    expiresAt: T0 + HOUR,
  });
}

export function memberContract(context: ContractContext): void {
  it('[P3] members are added under new ids, listed oldest first, change role and are removed', () => {
    const store = context.store();
    const chair = store.members.addMember({ name: 'Chair', role: 'chair', createdAt: T0 });
    const viewer = store.members.addMember({ name: 'Vi', role: 'viewer', createdAt: T0 + 1 });

    expect(chair).toEqual({ id: chair.id, name: 'Chair', role: 'chair', createdAt: T0, lastSignInAt: null });
    expect(chair.id).toMatch(/^\S+$/);
    expect(viewer.id).not.toBe(chair.id);
    expect(store.members.getMember(chair.id)).toEqual(chair);
    expect(store.members.listMembers()).toEqual([chair, viewer]);

    expect(store.members.setMemberRole(viewer.id, 'editor')).toEqual({ ...viewer, role: 'editor' });
    expect(store.members.getMember(viewer.id)?.role).toBe('editor');
    expect(() => store.members.setMemberRole('missing', 'chair')).toThrow(UnknownMemberError);

    expect(store.members.removeMember(viewer.id)).toBe(true);
    expect(store.members.removeMember(viewer.id)).toBe(false);
    expect(store.members.listMembers()).toEqual([chair]);
  });

  it('[P3] an invite creates its member once; a second redemption is refused as used', () => {
    const store = context.store();
    const created = invite(store, 'token-1', 'Ada', 'chair');
    expect(created).toEqual({
      tokenHash: sha256Of('token-1'),
      name: 'Ada',
      role: 'chair',
      createdAt: T0,
      expiresAt: T0 + HOUR,
      usedAt: null,
      memberId: null,
    });

    const redeemed = store.invites.redeemInvite(sha256Of('token-1'), T0 + 10);
    if (!redeemed.ok) throw new Error(`expected the invite to be redeemed, got ${redeemed.reason}`);
    expect(redeemed.member).toEqual({
      id: redeemed.member.id,
      name: 'Ada',
      role: 'chair',
      createdAt: T0 + 10,
      lastSignInAt: null,
    });
    expect(redeemed.member.id).toMatch(/^\S+$/);
    expect(store.members.listMembers()).toEqual([redeemed.member]);
    expect(store.invites.listInvites()).toEqual([
      { ...created, usedAt: T0 + 10, memberId: redeemed.member.id },
    ]);

    expect(store.invites.redeemInvite(sha256Of('token-1'), T0 + 20)).toEqual({ ok: false, reason: 'used' });
    expect(store.members.listMembers()).toHaveLength(1);
  });

  it('[P3] an invite is refused from its expiry instant on; a used one stays "used"', () => {
    const store = context.store();
    invite(store, 'late');
    invite(store, 'just-in-time');
    expect(store.invites.redeemInvite(sha256Of('late'), T0 + HOUR)).toEqual({ ok: false, reason: 'expired' });
    expect(store.invites.redeemInvite(sha256Of('just-in-time'), T0 + HOUR - 1).ok).toBe(true);
    expect(store.invites.redeemInvite(sha256Of('just-in-time'), T0 + 2 * HOUR)).toEqual({
      ok: false,
      reason: 'used',
    });
    expect(store.members.listMembers()).toHaveLength(1);
  });

  it('[P3] an unknown or revoked invite is refused as unknown', () => {
    const store = context.store();
    invite(store, 'revoked');
    expect(store.invites.revokeInvite(sha256Of('revoked'))).toBe(true);
    expect(store.invites.revokeInvite(sha256Of('revoked'))).toBe(false);
    expect(store.invites.redeemInvite(sha256Of('revoked'), T0)).toEqual({ ok: false, reason: 'unknown' });
    expect(store.invites.redeemInvite(sha256Of('never-issued'), T0)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(store.invites.listInvites()).toEqual([]);
    expect(store.members.listMembers()).toEqual([]);
  });

  it('[P3] a token hash is stored only once', () => {
    const store = context.store();
    invite(store, 'token-1');
    expect(() => invite(store, 'token-1', 'Someone else')).toThrow(TokenHashInUseError);
    const member = store.members.addMember({ name: 'Ada', role: 'editor', createdAt: T0 });
    signedIn(store, member.id);
    expect(() => signedIn(store, member.id)).toThrow(TokenHashInUseError);
  });

  it('[P3] a session signs its member in until its expiry instant', () => {
    const store = context.store();
    const member = store.members.addMember({ name: 'Ada', role: 'editor', createdAt: T0 });
    expect(signedIn(store, member.id)).toEqual({
      idHash: sha256Of('session-1'),
      memberId: member.id,
      createdAt: T0,
      expiresAt: T0 + HOUR,
    });
    const signedInMember = { ...member, lastSignInAt: T0 };
    expect(store.sessions.getSessionMember(sha256Of('session-1'), T0 + HOUR - 1)).toEqual(signedInMember);
    expect(store.sessions.getSessionMember(sha256Of('session-1'), T0 + HOUR)).toBeUndefined();
    expect(store.sessions.getSessionMember(sha256Of('unknown'), T0)).toBeUndefined();
  });

  it('[P3] a session resolves to the member as they are now, with their current role', () => {
    const store = context.store();
    const member = store.members.addMember({ name: 'Ada', role: 'editor', createdAt: T0 });
    signedIn(store, member.id);
    store.members.setMemberRole(member.id, 'viewer');
    expect(store.sessions.getSessionMember(sha256Of('session-1'), T0)?.role).toBe('viewer');
  });

  it('[P3] signing out, or removing the member, ends the session', () => {
    const store = context.store();
    const ada = store.members.addMember({ name: 'Ada', role: 'editor', createdAt: T0 });
    const bo = store.members.addMember({ name: 'Bo', role: 'editor', createdAt: T0 });
    signedIn(store, ada.id, 'ada-laptop');
    signedIn(store, ada.id, 'ada-phone');
    signedIn(store, bo.id, 'bo-laptop');

    expect(store.sessions.deleteSession(sha256Of('ada-laptop'))).toBe(true);
    expect(store.sessions.deleteSession(sha256Of('ada-laptop'))).toBe(false);
    expect(store.sessions.getSessionMember(sha256Of('ada-laptop'), T0)).toBeUndefined();
    expect(store.sessions.getSessionMember(sha256Of('ada-phone'), T0)).toEqual({ ...ada, lastSignInAt: T0 });

    store.members.removeMember(ada.id);
    expect(store.sessions.getSessionMember(sha256Of('ada-phone'), T0)).toBeUndefined();
    expect(store.sessions.getSessionMember(sha256Of('bo-laptop'), T0)).toEqual({ ...bo, lastSignInAt: T0 });
    expect(() => signedIn(store, ada.id, 'ada-again')).toThrow(UnknownMemberError);
  });

  it('[P3] expired sessions are swept, live ones kept', () => {
    const store = context.store();
    const member = store.members.addMember({ name: 'Ada', role: 'editor', createdAt: T0 });
    for (const [id, expiresAt] of [
      ['old', T0 + 1],
      ['ends-now', T0 + 2],
      ['live', T0 + 3],
    ] as const) {
      store.sessions.createSession({ idHash: sha256Of(id), memberId: member.id, createdAt: T0, expiresAt });
    }
    expect(store.sessions.deleteExpiredSessions(T0 + 2)).toBe(2);
    expect(store.sessions.deleteExpiredSessions(T0 + 2)).toBe(0);
    expect(store.sessions.getSessionMember(sha256Of('live'), T0 + 2)?.id).toBe(member.id);
    expect(store.sessions.deleteSession(sha256Of('old'))).toBe(false);
  });

  it('[H8] a new session records the sign-in time on its member; other members keep theirs', () => {
    const store = context.store();
    const ada = store.members.addMember({ name: 'Ada', role: 'editor', createdAt: T0 });
    const bo = store.members.addMember({ name: 'Bo', role: 'viewer', createdAt: T0 + 1 });
    store.sessions.createSession({
      idHash: sha256Of('a1'),
      memberId: ada.id,
      createdAt: T0 + 5,
      expiresAt: T0 + HOUR,
    });
    store.sessions.createSession({
      idHash: sha256Of('a2'),
      memberId: ada.id,
      createdAt: T0 + 9,
      expiresAt: T0 + HOUR,
    });
    expect(store.members.getMember(ada.id)?.lastSignInAt).toBe(T0 + 9);
    expect(store.members.getMember(bo.id)?.lastSignInAt).toBeNull();
    expect(store.members.listMembers().map((member) => member.lastSignInAt)).toEqual([T0 + 9, null]);
  });

  it('[H8] the last chair can be neither demoted nor removed; with a second chair both work', () => {
    const store = context.store();
    const ada = store.members.addMember({ name: 'Ada', role: 'chair', createdAt: T0 });
    const bo = store.members.addMember({ name: 'Bo', role: 'editor', createdAt: T0 + 1 });
    expect(() => store.members.setMemberRole(ada.id, 'editor')).toThrow(LastChairError);
    expect(() => store.members.setMemberRole(ada.id, 'viewer')).toThrow(
      'Ada is the last chair; make another member chair first',
    );
    expect(() => store.members.removeMember(ada.id)).toThrow(LastChairError);
    expect(store.members.getMember(ada.id)?.role).toBe('chair');
    // Re-confirming the last chair as chair, and changing others, is not a lock-out.
    expect(store.members.setMemberRole(ada.id, 'chair').role).toBe('chair');
    expect(store.members.setMemberRole(bo.id, 'viewer').role).toBe('viewer');

    store.members.setMemberRole(bo.id, 'chair');
    expect(store.members.setMemberRole(ada.id, 'editor').role).toBe('editor');
    expect(() => store.members.removeMember(bo.id)).toThrow(LastChairError);
    store.members.setMemberRole(ada.id, 'chair');
    expect(store.members.removeMember(bo.id)).toBe(true);
    expect(store.members.listMembers().map((member) => [member.name, member.role])).toEqual([
      ['Ada', 'chair'],
    ]);
  });
}
