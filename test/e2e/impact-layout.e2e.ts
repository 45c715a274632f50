import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, openDraft, saveScreenshot } from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

interface Box {
  readonly what: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The on-screen boxes of the histogram's labels: each tier's name and each cut-off's pill. */
async function histogramLabelBoxes(histogram: Locator): Promise<{ boxes: Box[]; svg: Box }> {
  return histogram.evaluate((figure) => {
    const box = (what: string, element: Element) => {
      const rect = element.getBoundingClientRect();
      return { what, left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
    };
    const svg = figure.querySelector('svg') as SVGSVGElement;
    const names = [...figure.querySelectorAll('[data-testid="histogram-band-label"]')].map((text) =>
      box(`tier name "${text.textContent}"`, text),
    );
    const pills = [...figure.querySelectorAll('[data-testid="cutoff-handle"]')].map((handle) =>
      box(`pill ${handle.getAttribute('data-tier-id')}`, handle.querySelector('.histogram__knob') as Element),
    );
    return { boxes: [...names, ...pills], svg: box('svg', svg) };
  });
}

/** The boxes of the matrix headers' text (not their cells: text can overflow a cell), with their cell. */
async function matrixHeaderBoxes(matrix: Locator): Promise<{ text: Box; cell: Box }[]> {
  return matrix.evaluate((table) =>
    [...table.querySelectorAll('th')].flatMap((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const text = range.getBoundingClientRect();
      const around = cell.getBoundingClientRect();
      if (text.width === 0) return [];
      const what = `header "${cell.textContent}"`;
      return [
        {
          text: { what, left: text.left, top: text.top, right: text.right, bottom: text.bottom },
          cell: { what, left: around.left, top: around.top, right: around.right, bottom: around.bottom },
        },
      ];
    }),
  );
}

const intersects = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Every pair of boxes that overlaps, named. */
function collisions(boxes: readonly Box[]): string[] {
  return boxes.flatMap((a, i) =>
    boxes.slice(i + 1).flatMap((b) => (intersects(a, b) ? [`${a.what} overlaps ${b.what}`] : [])),
  );
}

/** Boxes that stick out of `around` (by more than a rounding pixel). */
function outside(boxes: readonly Box[], around: Box): string[] {
  return boxes
    .filter(
      (box) =>
        box.left < around.left - 0.5 ||
        box.right > around.right + 0.5 ||
        box.top < around.top - 0.5 ||
        box.bottom > around.bottom + 0.5,
    )
    .map((box) => `${box.what} is outside ${around.what}`);
}

async function setMinPercent(page: Page, tier: string, value: string): Promise<void> {
  const input = page.locator(`[data-testid="tier-min-percent"][data-tier-id="${tier}"]`);
  await input.fill(value);
  await input.press('Tab');
}

/**
 * Issue 13: histogram cut-off pills overlapped when thresholds were close and a tier name vanished; the
 * side panel's matrix headers ran together ("ineligiblecertified"). Measured in Chromium.
 */
describe('impact labels never collide', () => {
  const session = useE2eSession();

  it('[I3] with silver, gold and platinum a point apart, every tier name and pill shows and none overlaps; matrix headers and the tiers ladder stay apart', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    const { page } = chair;
    await openDraft(chair, session.server);
    await page.getByTestId('impact-toggle').click();
    const panel = page.locator('[data-testid="impact-panel"][data-ready="true"]');
    await panel.waitFor();
    await page.getByTestId('tab-tiers').click();
    await setMinPercent(page, 'gold', '52');
    await setMinPercent(page, 'platinum', '53');
    const handle = (tier: string) => panel.locator(`[data-testid="cutoff-handle"][data-tier-id="${tier}"]`);
    await eventually(
      'the histogram to show the close cut-offs',
      () =>
        Promise.all(['silver', 'gold', 'platinum'].map((tier) => handle(tier).getAttribute('aria-valuenow'))),
      (values) => values.join() === '51,52,53',
    );

    const histogram = panel.getByTestId('score-histogram');
    const { boxes, svg } = await histogramLabelBoxes(histogram);
    expect(boxes.map((box) => box.what)).toEqual([
      'tier name "Silver"',
      'tier name "Gold"',
      'tier name "Platinum"',
      'pill silver',
      'pill gold',
      'pill platinum',
    ]);
    expect(boxes.filter((box) => box.right - box.left < 1).map((box) => box.what)).toEqual([]);
    expect(outside(boxes, svg)).toEqual([]);
    expect(collisions(boxes)).toEqual([]);
    // Each pill still reads its own threshold.
    expect(await handle('gold').locator('.histogram__knob-text').textContent()).toBe('52%');

    const headers = await matrixHeaderBoxes(panel.getByTestId('migration-matrix'));
    expect(headers.map((header) => header.text.what)).toEqual(
      expect.arrayContaining(['header "ineligible"', 'header "not certified"', 'header "Silver"']),
    );
    expect(collisions(headers.map((header) => header.text))).toEqual([]);
    expect(headers.flatMap((header) => outside([header.text], header.cell))).toEqual([]);

    // The tiers panel's ladder above the cards: the same three labels, side by side.
    const ladder = await page.getByTestId('threshold-ladder').evaluate((element) => {
      const box = (what: string, node: Element) => {
        const rect = node.getBoundingClientRect();
        return { what, left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
      };
      return {
        labels: [...element.querySelectorAll('.ladder__label')].map((label) =>
          box(`ladder label "${label.textContent}"`, label),
        ),
        around: box('the tiers panel', element.closest('[data-testid="tiers-panel"]') as Element),
      };
    });
    expect(ladder.labels.map((label) => label.what)).toEqual([
      'ladder label "Silver 51%"',
      'ladder label "Gold 52%"',
      'ladder label "Platinum 53%"',
    ]);
    expect(collisions(ladder.labels)).toEqual([]);
    expect(outside(ladder.labels, ladder.around)).toEqual([]);
    await saveScreenshot(page, 'impact-close-cutoffs');
  });
});
