import { describe, expect, it } from 'vitest';
import { type Member, eventually, openDraft, saveScreenshot } from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

/**
 * Drops the browser's "Failed to load resource" lines for what this test asked for while offline, and
 * React's report of the chunk error its boundary caught.
 */
function forgetOfflineFetches(member: Member): void {
  const kept = member.errors.filter(
    (error) => !/ERR_INTERNET_DISCONNECTED|^console: ChunkLoadError: /.test(error),
  );
  member.errors.splice(0, member.errors.length, ...kept);
}

/**
 * A code chunk that cannot load while offline shows a message in its place and retries when the network
 * is back; the rest of the page stays (C6).
 */
describe('a chunk that fails to load offline never blanks the page (C6)', () => {
  const session = useE2eSession();

  it('[C6] Impact clicked offline before its code was loaded: a message in place, then the panel once online', async () => {
    const ana = await session.member('Ana Ruiz');
    // As if the impact chunk had not been fetched before the network went: the idle preload fails too.
    let blocked = true;
    await ana.page.route(/\/assets\/ImpactPanel-[^/]*\.js$/, (route) =>
      blocked ? route.abort('internetdisconnected') : route.continue(),
    );
    await openDraft(ana, session.server);
    await ana.context.setOffline(true);

    await ana.page.getByTestId('impact-toggle').click();
    const message = ana.page.getByTestId('chunk-failed');
    await message.waitFor();
    expect(await message.innerText()).toContain(
      'This part of Tierline could not load while offline; it will retry when the network is back.',
    );
    // Not blank: the outline and the open criterion are still there.
    expect(await ana.page.getByTestId('outline-row').count()).toBeGreaterThan(10);
    expect(await ana.page.getByTestId('criterion-panel').isVisible()).toBe(true);
    await saveScreenshot(ana.page, 'offline-chunk-1-message');

    blocked = false;
    await ana.context.setOffline(false);
    await ana.page.getByTestId('impact-panel').waitFor();
    expect(await message.count()).toBe(0);
    // Styled too: its stylesheet, which failed with it, was fetched again.
    await eventually(
      'the impact stylesheet to apply',
      () =>
        ana.page
          .getByTestId('impact-panel')
          .evaluate((panel) => getComputedStyle(panel).getPropertyValue('--move-down').trim()),
      (colour) => colour === '#b4470b',
    );
    forgetOfflineFetches(ana);
  });

  it('[C6] once the editor is idle the panels are fetched ahead, so Impact opens offline', async () => {
    const ana = await session.member('Ana Ruiz');
    const preloaded = ana.page.waitForResponse(/\/assets\/ImpactPanel-[^/]*\.js$/);
    await openDraft(ana, session.server);
    await preloaded;
    await ana.context.setOffline(true);
    await ana.page.getByTestId('impact-toggle').click();
    await ana.page.getByTestId('impact-panel').waitFor();
    expect(await ana.page.getByTestId('chunk-failed').count()).toBe(0);
    await ana.context.setOffline(false);
    forgetOfflineFetches(ana);
  });

  it('[C6] a preload the network cut short is fetched again once it is back; Impact then opens at once', async () => {
    const ana = await session.member('Ana Ruiz');
    const impactChunk = /\/assets\/ImpactPanel-[^/]*\.js(\?|$)/;
    let blocked = true;
    await ana.page.route(impactChunk, (route) =>
      blocked ? route.abort('internetdisconnected') : route.continue(),
    );
    const preloadFailed = ana.page.waitForEvent('requestfailed', (request) =>
      impactChunk.test(request.url()),
    );
    await openDraft(ana, session.server);
    await preloadFailed;
    await ana.context.setOffline(true);
    blocked = false;
    const fetchedAgain = ana.page.waitForResponse(impactChunk);
    await ana.context.setOffline(false);
    expect((await fetchedAgain).ok()).toBe(true);
    await ana.page.getByTestId('impact-toggle').click();
    await ana.page.getByTestId('impact-panel').waitFor();
    expect(await ana.page.getByTestId('chunk-failed').count()).toBe(0);
    forgetOfflineFetches(ana);
  });
});
