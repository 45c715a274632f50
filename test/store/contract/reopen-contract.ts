import { expect, it } from 'vitest';
import { VersionExistsError } from '../../../server/store/store-errors.ts';
import type { ContractContext } from '../store-contract.ts';
import { T0, createDraft, sha256Of, versionRecord } from './sample-records.ts';

export function reopenContract(context: ContractContext): void {
  it('[P1] everything written is still there after the store is closed and reopened', () => {
    const store = context.store();
    const draft = createDraft(store, 'd1');
    const first = store.updates.appendUpdate('d1', new Uint8Array([1]));
    store.updates.compact('d1', new Uint8Array([1, 1]), first);
    const second = store.updates.appendUpdate('d1', new Uint8Array([2]));
    const version = versionRecord('civic-lab', '1', T0);
    store.versions.publishVersion(version);
    const member = store.members.addMember({ name: 'Ada', role: 'chair', createdAt: T0 });
    store.sessions.createSession({
      idHash: sha256Of('s'),
      memberId: member.id,
      createdAt: T0,
      expiresAt: T0 + 9,
    });
    const invite = store.invites.createInvite({
      tokenHash: sha256Of('t'),
      name: 'Bo',
      role: 'viewer',
      createdAt: T0,
      expiresAt: T0 + 9,
    });
    store.assessments.putAssessmentFile({ standardId: 'civic-lab', cycle: '2023', json: '{}\n' });

    const reopened = context.reopen();
    expect(reopened).not.toBe(store);
    expect(reopened.drafts.listDrafts()).toEqual([draft]);
    expect(reopened.updates.loadUpdates('d1')).toEqual({
      snapshot: new Uint8Array([1, 1]),
      updates: [new Uint8Array([2])],
      upTo: second,
    });
    expect(reopened.versions.getVersion('civic-lab', '1')).toEqual(version);
    expect(() => reopened.versions.publishVersion(version)).toThrow(VersionExistsError);
    const signedIn = { ...member, lastSignInAt: T0 };
    expect(reopened.members.listMembers()).toEqual([signedIn]);
    expect(reopened.sessions.getSessionMember(sha256Of('s'), T0)).toEqual(signedIn);
    expect(reopened.invites.listInvites()).toEqual([invite]);
    expect(reopened.assessments.getAssessmentFile('civic-lab', '2023')?.json).toBe('{}\n');
  });

  it('[P2] sequence numbers keep growing across a reopen, even after the log was compacted empty', () => {
    const store = context.store();
    createDraft(store, 'd1');
    const last = store.updates.appendUpdate('d1', new Uint8Array([1]));
    store.updates.compact('d1', new Uint8Array([1]), last);

    const reopened = context.reopen();
    const next = reopened.updates.appendUpdate('d1', new Uint8Array([2]));
    expect(next).toBeGreaterThan(last);
    expect(reopened.updates.loadUpdates('d1').updates).toEqual([new Uint8Array([2])]);
  });
}
