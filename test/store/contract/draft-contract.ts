import { expect, it } from 'vitest';
import { DraftExistsError, UnknownDraftError } from '../../../server/store/store-errors.ts';
import type { ContractContext } from '../store-contract.ts';
import { T0, createDraft } from './sample-records.ts';

export function draftContract(context: ContractContext): void {
  it('[V2] a draft reads back as created, listed oldest first', () => {
    const store = context.store();
    const later = createDraft(store, 'b', { createdAt: T0 + 1, basedOn: null, standardId: 'new-standard' });
    const earlier = createDraft(store, 'c', { createdAt: T0 });
    const sameInstant = createDraft(store, 'a', { createdAt: T0 });

    expect(later).toEqual({
      id: 'b',
      standardId: 'new-standard',
      title: 'Draft b',
      basedOn: null,
      createdBy: 'member-1',
      createdAt: T0 + 1,
    });
    expect(store.drafts.getDraft('b')).toEqual(later);
    expect(store.drafts.getDraft('missing')).toBeUndefined();
    expect(store.drafts.listDrafts()).toEqual([sameInstant, earlier, later]);
  });

  it('[V2] a draft id can be taken only once', () => {
    const store = context.store();
    const first = createDraft(store, 'd1');
    expect(() => createDraft(store, 'd1', { title: 'Another' })).toThrow(DraftExistsError);
    expect(store.drafts.listDrafts()).toEqual([first]);
  });

  it('[V2] renaming a draft changes its title only', () => {
    const store = context.store();
    const draft = createDraft(store, 'd1');
    expect(store.drafts.renameDraft('d1', '2026 revision')).toEqual({ ...draft, title: '2026 revision' });
    expect(store.drafts.getDraft('d1')).toEqual({ ...draft, title: '2026 revision' });
    expect(() => store.drafts.renameDraft('missing', 'x')).toThrow(UnknownDraftError);
  });

  it('[V1] publishing moves a draft on: rebasing it changes its basedOn only', () => {
    const store = context.store();
    const draft = createDraft(store, 'd1');
    expect(store.drafts.rebaseDraft('d1', '3.1')).toEqual({ ...draft, basedOn: '3.1' });
    expect(store.drafts.getDraft('d1')).toEqual({ ...draft, basedOn: '3.1' });
    expect(() => store.drafts.rebaseDraft('missing', '3.1')).toThrow(UnknownDraftError);
  });

  it('[V2] deleting a draft deletes its document, and a new draft with the same id starts empty', () => {
    const store = context.store();
    createDraft(store, 'd1');
    createDraft(store, 'keep');
    const seq = store.updates.appendUpdate('d1', new Uint8Array([1]));
    store.updates.compact('d1', new Uint8Array([1]), seq);
    store.updates.appendUpdate('d1', new Uint8Array([2]));
    store.updates.appendUpdate('keep', new Uint8Array([3]));

    expect(store.drafts.deleteDraft('d1')).toBe(true);
    expect(store.drafts.deleteDraft('d1')).toBe(false);
    expect(store.drafts.getDraft('d1')).toBeUndefined();
    expect(() => store.updates.appendUpdate('d1', new Uint8Array([4]))).toThrow(UnknownDraftError);

    createDraft(store, 'd1');
    expect(store.updates.loadUpdates('d1')).toEqual({ snapshot: null, updates: [], upTo: 0 });
    expect(store.updates.updateCount('d1')).toBe(0);
    expect(store.updates.loadUpdates('keep').updates).toEqual([new Uint8Array([3])]);
  });
}
