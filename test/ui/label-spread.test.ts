import { describe, expect, it } from 'vitest';
import { type SpreadLabel, spreadLabels } from '../../src/ui/impact/label-spread.ts';

const bounds = { min: 0, max: 400, gap: 4 };

/** Every pair of placed labels is at least `gap` apart, and all lie inside the bounds. */
function expectApart(labels: readonly SpreadLabel[], lefts: readonly number[]) {
  const boxes = labels
    .map((label, index) => ({ left: lefts[index]!, right: lefts[index]! + label.width }))
    .sort((a, b) => a.left - b.left);
  for (const [index, box] of boxes.entries()) {
    expect(box.left).toBeGreaterThanOrEqual(bounds.min);
    expect(box.right).toBeLessThanOrEqual(bounds.max);
    const next = boxes[index + 1];
    if (next) expect(next.left - box.right).toBeGreaterThanOrEqual(bounds.gap - 1e-9);
  }
}

describe('histogram labels never collide (issue 13)', () => {
  it('[I3] labels far apart stay centred on their own positions', () => {
    const labels = [
      { center: 100, width: 30 },
      { center: 200, width: 30 },
    ];
    expect(spreadLabels(labels, bounds)).toEqual([85, 185]);
  });

  it('[I3] close cut-offs put their pills side by side around the pair’s mean, in order', () => {
    const labels = [
      { center: 200, width: 30 },
      { center: 202, width: 30 },
      { center: 204, width: 30 },
    ];
    const lefts = spreadLabels(labels, bounds);
    expectApart(labels, lefts);
    expect(lefts[0]).toBeLessThan(lefts[1]!);
    expect(lefts[1]).toBeLessThan(lefts[2]!);
    // The group is centred on 202, the mean of the three.
    expect((lefts[0]! + lefts[2]! + 30) / 2).toBeCloseTo(202);
  });

  it('[I3] a group pushed against an edge stays inside it; the input order of equal centres is kept', () => {
    const labels = [
      { center: 398, width: 40 },
      { center: 398, width: 40 },
      { center: 2, width: 40 },
    ];
    const lefts = spreadLabels(labels, bounds);
    expectApart(labels, lefts);
    expect(lefts[2]).toBe(0);
    expect(lefts[0]! + 40 + 4).toBe(lefts[1]);
    expect(lefts[1]! + 40).toBe(400);
  });

  it('[I3] merging a group can make it reach the one before, which then joins it too', () => {
    const labels = [
      { center: 100, width: 50 },
      { center: 160, width: 50 },
      { center: 165, width: 50 },
    ];
    expectApart(labels, spreadLabels(labels, bounds));
  });
});
