import { expect, it } from 'vitest';
import { VersionExistsError } from '../../../server/store/store-errors.ts';
import type { ContractContext } from '../store-contract.ts';
import { T0, createDraft, sha256Of, versionRecord, addMember, appendOne } from './sample-records.ts';

export function reopenContract(context: ContractContext): void {
  it('[P1] everything written is still there after the store is closed and reopened', async () => {
    const store = context.store();
    const draft = await createDraft(store, 'd1');
    const first = await appendOne(store, 'd1', new Uint8Array([1]));
    await store.updates.compact('d1', new Uint8Array([1, 1]), first);
    const second = await appendOne(store, 'd1', new Uint8Array([2]));
    const version = versionRecord('civic-lab', '1', T0);
    await store.versions.publishVersion(version);
    const member = await addMember(store, { name: 'Ada', role: 'chair', createdAt: T0 });
    await store.sessions.createSession({
      idHash: sha256Of('s'),
      memberId: member.id,
      createdAt: T0,
      expiresAt: T0 + 9,
    });
    const invite = await store.invites.createInvite({
      tokenHash: sha256Of('t'),
      name: 'Bo',
      role: 'viewer',
      createdAt: T0,
      expiresAt: T0 + 9,
    });
    await store.assessments.putAssessmentFile({ standardId: 'civic-lab', cycle: '2023', json: '{}\n' });

    const reopened = await context.reopen();
    expect(reopened).not.toBe(store);
    expect(await reopened.drafts.listDrafts()).toEqual([draft]);
    expect(await reopened.updates.load('d1')).toEqual({
      snapshot: new Uint8Array([1, 1]),
      updates: [new Uint8Array([2])],
      seqs: [second],
      upTo: second,
    });
    expect(await reopened.versions.getVersion('civic-lab', '1')).toEqual(version);
    await expect(reopened.versions.publishVersion(version)).rejects.toThrow(VersionExistsError);
    const signedIn = { ...member, lastSignInAt: T0 };
    expect(await reopened.members.listMembers()).toEqual([signedIn]);
    expect(await reopened.sessions.getSessionMember(sha256Of('s'), T0)).toEqual(signedIn);
    expect(await reopened.invites.listInvites()).toContainEqual(invite);
    expect((await reopened.assessments.getAssessmentFile('civic-lab', '2023'))?.json).toBe('{}\n');
  });

  it('[P2] sequence numbers keep growing across a reopen, even after the log was compacted empty', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    const last = await appendOne(store, 'd1', new Uint8Array([1]));
    await store.updates.compact('d1', new Uint8Array([1]), last);

    const reopened = await context.reopen();
    const next = await appendOne(reopened, 'd1', new Uint8Array([2]));
    expect(next).toBeGreaterThan(last);
    expect((await reopened.updates.load('d1')).updates).toEqual([new Uint8Array([2])]);
  });
}
