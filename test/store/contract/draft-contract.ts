import { expect, it } from 'vitest';
import { DraftExistsError, UnknownDraftError } from '../../../server/store/store-errors.ts';
import type { ContractContext } from '../store-contract.ts';
import { T0, createDraft, appendOne, loggedCount } from './sample-records.ts';

export function draftContract(context: ContractContext): void {
  it('[V2] a draft reads back as created, listed oldest first', async () => {
    const store = context.store();
    const later = await createDraft(store, 'b', {
      createdAt: T0 + 1,
      basedOn: null,
      standardId: 'new-standard',
    });
    const earlier = await createDraft(store, 'c', { createdAt: T0 });
    const sameInstant = await createDraft(store, 'a', { createdAt: T0 });

    expect(later).toEqual({
      id: 'b',
      standardId: 'new-standard',
      title: 'Draft b',
      basedOn: null,
      createdBy: 'member-1',
      createdAt: T0 + 1,
    });
    expect(await store.drafts.getDraft('b')).toEqual(later);
    expect(await store.drafts.getDraft('missing')).toBeUndefined();
    expect(await store.drafts.listDrafts()).toEqual([sameInstant, earlier, later]);
  });

  it('[V2] a draft id can be taken only once', async () => {
    const store = context.store();
    const first = await createDraft(store, 'd1');
    await expect(createDraft(store, 'd1', { title: 'Another' })).rejects.toThrow(DraftExistsError);
    expect(await store.drafts.listDrafts()).toEqual([first]);
  });

  it('[V1] publishing moves a draft on: rebasing it changes its basedOn only', async () => {
    const store = context.store();
    const draft = await createDraft(store, 'd1');
    expect(await store.drafts.rebaseDraft('d1', '3.1')).toEqual({ ...draft, basedOn: '3.1' });
    expect(await store.drafts.getDraft('d1')).toEqual({ ...draft, basedOn: '3.1' });
    await expect(store.drafts.rebaseDraft('missing', '3.1')).rejects.toThrow(UnknownDraftError);
  });

  it('[V2] deleting a draft deletes its document, and a new draft with the same id starts empty', async () => {
    const store = context.store();
    await createDraft(store, 'd1');
    await createDraft(store, 'keep');
    const seq = await appendOne(store, 'd1', new Uint8Array([1]));
    await store.updates.compact('d1', new Uint8Array([1]), seq);
    await appendOne(store, 'd1', new Uint8Array([2]));
    await appendOne(store, 'keep', new Uint8Array([3]));

    expect(await store.drafts.deleteDraft('d1')).toBe(true);
    expect(await store.drafts.deleteDraft('d1')).toBe(false);
    expect(await store.drafts.getDraft('d1')).toBeUndefined();
    await expect(appendOne(store, 'd1', new Uint8Array([4]))).rejects.toThrow(UnknownDraftError);

    await createDraft(store, 'd1');
    expect(await store.updates.load('d1')).toEqual({ snapshot: null, updates: [], seqs: [], upTo: 0 });
    expect(await loggedCount(store, 'd1')).toBe(0);
    expect((await store.updates.load('keep')).updates).toEqual([new Uint8Array([3])]);
  });
}
