import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHROMIUM_LAUNCH,
  MEMBER_VIEWPORT,
  WWC_DRAFT,
  draftOnServer,
  eventually,
  openCriterion,
  openDraft,
  requireChromium,
  saveScreenshot,
  signInInContext,
  statementText,
  waitForConnection,
} from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

const OFFLINE_TEXT = ' Kept through a restart.';

/** Whether this browser's IndexedDB copy of the draft holds `text` (the y-indexeddb updates, as bytes). */
function copyHolds(page: Page, text: string): Promise<boolean> {
  return page.evaluate(async (wanted) => {
    const names = (await indexedDB.databases()).map((database) => database.name ?? '');
    for (const name of names.filter((candidate) => candidate.startsWith('tierline-draft:'))) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(String(request.error)));
      });
      const updates = await new Promise<Uint8Array[]>((resolve, reject) => {
        const request = db.transaction('updates').objectStore('updates').getAll();
        request.onsuccess = () => resolve(request.result as Uint8Array[]);
        request.onerror = () => reject(new Error(String(request.error)));
      });
      db.close();
      if (updates.some((update) => new TextDecoder().decode(update).includes(wanted))) return true;
    }
    return false;
  }, text);
}

/** The names of this member's draft copies in the browser's IndexedDB. */
function copies(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    (await indexedDB.databases())
      .map((database) => database.name ?? '')
      .filter((name) => name.startsWith('tierline-draft:')),
  );
}

/**
 * Edits made offline are kept in the browser's own storage (IndexedDB): they survive closing the browser
 * and reach the others on the next connection (C6).
 */
describe('offline edits survive a browser restart (C6)', () => {
  const session = useE2eSession();
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    for (const profile of profiles.splice(0)) rmSync(profile, { recursive: true, force: true });
  });
  const launchProfile = async (profile: string) => {
    requireChromium();
    const context = await chromium.launchPersistentContext(profile, {
      ...CHROMIUM_LAUNCH,
      ...MEMBER_VIEWPORT,
    });
    contexts.push(context);
    return context;
  };

  it('[C6] A edits offline and closes the browser; reopened online, the edit is saved and B sees it', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'tierline-profile-'));
    profiles.push(profile);
    const first = await launchProfile(profile);
    const ana = await signInInContext(first, session.server, 'Ana Ruiz', 'editor');
    await openDraft(ana, session.server);
    await openCriterion(ana.page, 'DM2');
    await waitForConnection(ana.page, ['connected', 'saved']);

    await first.setOffline(true);
    await waitForConnection(ana.page, ['offline']);
    await ana.page.getByTestId('statement-editor').click();
    await ana.page.keyboard.press('Control+End');
    // One input, so the copy holds the text in one update (typed keys would be one update each).
    await ana.page.keyboard.insertText(OFFLINE_TEXT);
    const offlineLabel = await ana.page.getByTestId('connection-badge').innerText();
    expect(offlineLabel).toMatch(/Offline · \d+ unsaved/);
    const waiting = Number(/(\d+) unsaved/.exec(offlineLabel)?.[1]);
    await eventually(
      'the edit to be in the browser’s copy',
      () => copyHolds(ana.page, OFFLINE_TEXT),
      Boolean,
    );
    expect(ana.errors).toEqual([]);
    await first.close();
    contexts.splice(contexts.indexOf(first), 1);

    // Reopened, with the sync socket held back at first: the copy opens the draft, and says how many
    // edits wait (the same number as before the restart, not 0).
    const second = await launchProfile(profile);
    let socketsAllowed = false;
    await second.routeWebSocket(/\/sync\//, (socket) => {
      if (socketsAllowed) socket.connectToServer();
      else void socket.close({ code: 1006 }).catch(() => undefined);
    });
    const page = second.pages()[0] ?? (await second.newPage());
    await page.goto(`${session.server.url}/drafts/${WWC_DRAFT}?criterion=DM2`);
    await page.getByTestId('statement-editor').waitFor();
    expect(await statementText(page)).toContain(OFFLINE_TEXT.trim());
    expect(await page.getByTestId('connection-badge').innerText()).toContain(`${waiting} unsaved`);
    await saveScreenshot(page, 'offline-restart-1-waiting');

    socketsAllowed = true;
    await waitForConnection(page, ['saved']);
    const ben = await session.member('Ben Okafor');
    await openDraft(ben, session.server);
    await openCriterion(ben.page, 'DM2');
    await eventually(
      'B to see A’s offline edit',
      () => statementText(ben.page),
      (text) => text.includes(OFFLINE_TEXT.trim()),
    );
    const dm2 = (await draftOnServer(ben, session.server)).content.criteria.find((c) => c.id === 'DM2');
    expect(dm2?.statement).toContain(OFFLINE_TEXT.trim());
  });

  it('[C6] signing out with unsent edits asks first; signing out deletes the copies', async () => {
    const ana = await session.member('Ana Ruiz');
    await openDraft(ana, session.server);
    await openCriterion(ana.page, 'DM2');
    await eventually(
      'the draft’s copy',
      () => copies(ana.page),
      (names) => names.length === 1,
    );
    await ana.context.setOffline(true);
    await waitForConnection(ana.page, ['offline']);
    await ana.page.getByTestId('statement-editor').click();
    await ana.page.keyboard.insertText(OFFLINE_TEXT);

    const questions: string[] = [];
    ana.page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await ana.page.getByTestId('sign-out').click();
    await eventually(
      'the question',
      () => Promise.resolve(questions),
      (asked) => asked.length === 1,
    );
    expect(questions[0]).toMatch(/\d+ changes? you made in drafts did not reach the server yet/);
    // Cancelled: still signed in, the edit still on screen and in the copy.
    expect(await ana.page.getByTestId('account-name').isVisible()).toBe(true);
    expect(await copyHolds(ana.page, OFFLINE_TEXT)).toBe(true);

    await ana.context.setOffline(false);
    await waitForConnection(ana.page, ['saved']);
    await ana.page.getByTestId('sign-out').click();
    await ana.page.getByTestId('sign-in-token').waitFor();
    await eventually(
      'the copies to be deleted',
      () => copies(ana.page),
      (names) => names.length === 0,
    );
  });

  it('[C6] when the server says the member was removed (4401), their copies are deleted', async () => {
    const ana = await session.member('Ana Ruiz');
    await openDraft(ana, session.server);
    await eventually(
      'the draft’s copy',
      () => copies(ana.page),
      (names) => names.length === 1,
    );
    const room = session.server.server.registry.loaded(WWC_DRAFT);
    if (!room) throw new Error('the draft is not open on the server');
    await room.unload(4401, 'member removed');
    await ana.page.locator('[data-testid="editor-banner"][data-kind="signed-out"]').waitFor();
    await eventually(
      'the copies to be deleted',
      () => copies(ana.page),
      (names) => names.length === 0,
    );
  });
});
