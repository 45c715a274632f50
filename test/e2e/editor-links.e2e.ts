import { describe, expect, it } from 'vitest';
import { WWC_DRAFT, openCriterion } from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

const panel = (code: string) => `[data-testid="criterion-panel"][data-code="${code}"]`;

/** A link names a criterion and tab by code; Back and Forward move between them. */
describe('links to a place in the editor', () => {
  const session = useE2eSession();

  it('[C4] a link to DM3 opens DM3; another criterion, a tab, then Back and Forward retrace them', async () => {
    const ana = await session.member('Ana Ruiz');
    const { page } = ana;
    const base = `${session.server.url}/drafts/${WWC_DRAFT}`;
    await page.goto(`${base}?criterion=DM3`);
    await page.locator(panel('DM3')).waitFor();

    await openCriterion(page, 'DM5');
    expect(new URL(page.url()).search).toBe('?criterion=DM5');
    await page.getByTestId('tab-tiers').click();
    await page.getByTestId('tiers-panel').waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('tiers');

    await page.goBack();
    await page.locator(panel('DM5')).waitFor();
    await page.goBack();
    await page.locator(panel('DM3')).waitFor();
    expect(new URL(page.url()).search).toBe('?criterion=DM3');
    await page.goForward();
    await page.locator(panel('DM5')).waitFor();
  });

  it('[C4] a link to a code that no longer exists opens the first criterion and corrects the URL', async () => {
    const ana = await session.member('Ana Ruiz');
    const { page } = ana;
    const entries = await page.evaluate(() => history.length);
    await page.goto(`${session.server.url}/drafts/${WWC_DRAFT}?criterion=GONE7`);
    const first = await page.getByTestId('outline-row').first().getAttribute('data-code');
    await page.locator(panel(first ?? '')).waitFor();
    await page.waitForURL((url) => url.searchParams.get('criterion') === first);
    // Corrected in place: Back leaves the draft instead of returning to the broken link.
    expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  });
});
