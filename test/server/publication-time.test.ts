import { describe, expect, it } from 'vitest';
import { publicationTimeOf } from '../../server/versions/publication-time.ts';
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
});
