import { describe, expect, it } from 'vitest';
import type { ImpactPreview } from '../../src/core/impact/impact-preview.ts';
import { type TableQuery, rangeText, resolvePick, tableRows } from '../../src/ui/impact/applicant-table.ts';
import { previewOf, tinyDraft, tinyEngine, withTier } from '../core/impact/tiny-standard.ts';

/**
 * The tiny cohort (see tiny-standard.ts) under a draft with gold raised from 70 % to 80 % and a new, never
 * assessed criterion C11 (total 11: silver needs 6 points, gold 9): Ann (8) and Ben (7) drop from gold to
 * silver, Cat (5) from silver to not certified, and every tier becomes a range at its high end.
 */
function preview(): ImpactPreview {
  return previewOf(
    tinyEngine(),
    tinyDraft((draft) => ({
      tiers: withTier(draft, 'gold', { minPercent: 80 }),
      criteria: [
        ...draft.criteria,
        { id: 'C11', title: 'New', statement: '', area: 'main', points: 1, core: false, prerequisites: [] },
      ],
    })),
  );
}

const query = (change: Partial<TableQuery> = {}): TableQuery => ({
  text: '',
  movedOnly: false,
  only: null,
  sort: { key: 'movement', descending: false },
  ...change,
});
const ids = (rows: readonly { applicantId: string }[]) => rows.map((row) => row.applicantId);

describe('the impact panel’s applicant table', () => {
  it('[I1] by default the applicants who move down come first, then the rest in file order', () => {
    expect(ids(tableRows(preview(), query()))).toEqual(['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus']);
    expect(ids(tableRows(preview(), query({ movedOnly: true })))).toEqual(['ann', 'ben', 'cat']);
  });

  it('[I1] sorts by any column, both ways; ties keep file order', () => {
    const byDraft = query({ sort: { key: 'draftPercent', descending: true } });
    expect(ids(tableRows(preview(), byDraft))).toEqual(['ann', 'eve', 'ben', 'dan', 'gus', 'cat', 'fay']);
    const byName = query({ sort: { key: 'name', descending: true } });
    expect(ids(tableRows(preview(), byName))).toEqual(['gus', 'fay', 'eve', 'dan', 'cat', 'ben', 'ann']);
    // Tiers rank ineligible < not certified < silver < gold; percent breaks ties within a tier.
    const byTier = query({ sort: { key: 'baselineTier', descending: false } });
    expect(ids(tableRows(preview(), byTier))).toEqual(['dan', 'fay', 'cat', 'gus', 'eve', 'ben', 'ann']);
  });

  it('filters by name, id or cycle, ignoring case and accents', () => {
    expect(ids(tableRows(preview(), query({ text: 'BÉN' })))).toEqual(['ben']);
    expect(ids(tableRows(preview(), query({ text: 'an' })))).toEqual(['ann', 'dan']);
    expect(ids(tableRows(preview(), query({ text: '2024' })))).toHaveLength(7);
    expect(ids(tableRows(preview(), query({ text: 'zz' })))).toEqual([]);
  });

  it('[I1] a matrix cell picks its applicants, resolved against each new preview', () => {
    const current = preview();
    const cell = resolvePick(current, { kind: 'cell', from: 'gold', to: 'silver' });
    expect(cell?.label).toBe('Gold → Silver');
    expect(ids(tableRows(current, query({ only: cell?.indexes ?? [] })))).toEqual(['ann', 'ben']);
    const stayed = resolvePick(current, { kind: 'cell', from: '(not certified)', to: '(not certified)' });
    expect(stayed?.label).toBe('Not certified → not certified');
    expect(ids(tableRows(current, query({ only: stayed?.indexes ?? [] })))).toEqual(['fay']);
    expect(resolvePick(current, { kind: 'cell', from: 'diamond', to: 'gold' })).toBeNull();
  });

  it('[I2] a near-miss band picks its applicants on either side', () => {
    const current = previewOf(tinyEngine(), tinyDraft(), 1);
    // Silver needs 5 points: Fay (4) is one short; Dan (6) is ineligible, never a near miss.
    const silver = resolvePick(current, { kind: 'near-miss', tier: 'silver', side: 'baseline' });
    expect(silver).toEqual({ label: 'Near Silver (baseline)', indexes: [5] });
  });

  it('[S7] the range badge names the tiers and how many criteria were never assessed', () => {
    const current = preview();
    const row = (id: string) => current.rows.find((candidate) => candidate.applicantId === id)!;
    expect(rangeText(current, row('ann'))).toBe('Silver–Gold · 1 unassessed');
    expect(rangeText(current, row('ben'))).toBe('Silver · 1 unassessed');
    expect(rangeText(current, row('fay'))).toBe('Not certified · 1 unassessed');
    const unchanged = previewOf(tinyEngine(), tinyDraft());
    expect(unchanged.rows.map((candidate) => rangeText(unchanged, candidate))).toEqual(Array(7).fill(null));
  });
});
