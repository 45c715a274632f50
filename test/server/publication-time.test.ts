import { describe, expect, it } from 'vitest';
import { publicationTimeOf, publicationTimesInOrder } from '../../server/versions/publication-time.ts';
import { tinyV1 } from '../core/impact/tiny-standard.ts';

const now = Date.parse('2026-06-15T12:00:00Z');

describe('publication time of a version read from a file', () => {
  it('[V1] a file dated by effective.from was published then', () => {
    const dated = { ...tinyV1, effective: { from: '2018-01-01' } };
    expect(new Date(publicationTimeOf(dated, now)).toISOString()).toBe('2018-01-01T00:00:00.000Z');
  });

  it('[V1] a file without dates, or dated in the future, is published now', () => {
    expect(publicationTimeOf(tinyV1, now)).toBe(now);
    expect(publicationTimeOf({ ...tinyV1, effective: { from: '2027-01-01' } }, now)).toBe(now);
  });

  it('[V1] versions keep their basedOn order: an undated version takes its successor’s time', () => {
    const v1 = { ...tinyV1, version: '1' };
    const v2 = { ...tinyV1, version: '2', basedOn: '1', effective: { from: '2025-01-01' } };
    const v3 = { ...tinyV1, version: '3', basedOn: '2' };
    const other = { ...tinyV1, id: 'other', effective: { from: '2019-05-01' } };
    const iso = (times: number[]) => times.map((time) => new Date(time).toISOString().slice(0, 10));
    expect(iso(publicationTimesInOrder([v1, v2, v3, other], now))).toEqual([
      '2025-01-01',
      '2025-01-01',
      '2026-06-15',
      '2019-05-01',
    ]);
    // Dated after its successor: moved back to it, so the history never lists them out of order.
    const late = { ...v1, effective: { from: '2026-01-01' } };
    expect(iso(publicationTimesInOrder([late, v2], now))).toEqual(['2025-01-01', '2025-01-01']);
  });
});
