import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/collab/sync-protocol.ts';
import {
  WWC_DRAFT,
  type Member,
  eventually,
  openCriterion,
  openDraft,
  saveScreenshot,
  statementText,
  waitForConnection,
} from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

const editable = (who: Member) => who.page.getByTestId('statement-editor').getAttribute('contenteditable');

/**
 * A socket the server closes for good (a terminal close code) never leaves an editor that looks
 * editable while its edits go nowhere (C4, P3, H2): it turns read-only, says why in view, and offers
 * what can help.
 */
describe('after a terminal close the editor is read-only and says why (C4, P3, H2)', () => {
  const session = useE2eSession();

  /** Closes every socket of the draft's room with `code`, as the server does for a reason of its own. */
  const closeRoom = async (code: number, reason: string) => {
    const room = session.server.server.registry.loaded(WWC_DRAFT);
    if (!room) throw new Error('the draft is not open on the server');
    await room.unload(code, reason);
  };

  it('[H2][P3] 4401 while editing: "signed out or removed", a sign-in link, and nothing editable', async () => {
    const ben = await session.member('Ben Okafor');
    await openDraft(ben, session.server);
    await openCriterion(ben.page, 'DM2');
    expect(await editable(ben)).toBe('true');

    await closeRoom(CloseCode.unauthenticated, 'member removed');
    const banner = ben.page.locator('[data-testid="editor-banner"][data-kind="signed-out"]');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('You were signed out or removed from the committee');
    expect(await banner.getByTestId('editor-banner-action').innerText()).toBe('Sign in again');
    expect(await banner.getByTestId('editor-banner-action').getAttribute('href')).toBe('/sign-in');
    await eventually(
      'the statement to be read-only',
      () => editable(ben),
      (value) => value === 'false',
    );
    expect(await ben.page.getByTestId('criterion-title').getAttribute('readonly')).not.toBeNull();
    expect(await ben.page.getByTestId('undo').count()).toBe(0);
    await saveScreenshot(ben.page, 'close-1-signed-out');
  });

  it('[C4] 4404 says the draft is gone; 4400 offers Reconnect, which brings editing back', async () => {
    const ben = await session.member('Ben Okafor');
    await openDraft(ben, session.server);
    await openCriterion(ben.page, 'DM2');

    await closeRoom(CloseCode.malformed, 'an update Yjs cannot decode');
    const unreadable = ben.page.locator('[data-testid="editor-banner"][data-kind="unreadable"]');
    await unreadable.waitFor();
    await eventually(
      'the statement to be read-only',
      () => editable(ben),
      (value) => value === 'false',
    );
    await unreadable.getByTestId('editor-banner-action').click();
    await unreadable.waitFor({ state: 'detached' });
    await waitForConnection(ben.page, ['connected', 'saved']);
    await eventually(
      'editing to be back',
      () => editable(ben),
      (value) => value === 'true',
    );
    await ben.page.getByTestId('statement-editor').click();
    await ben.page.keyboard.press('Control+End');
    await ben.page.keyboard.type(' Back after reconnecting.', { delay: 10 });
    await waitForConnection(ben.page, ['saved']);
    expect(await statementText(ben.page)).toContain('Back after reconnecting.');

    await closeRoom(CloseCode.notFound, 'no such draft');
    const gone = ben.page.locator('[data-testid="editor-banner"][data-kind="draft-gone"]');
    await gone.waitFor();
    expect(await gone.innerText()).toContain('This draft no longer exists');
    await eventually(
      'the statement to be read-only',
      () => editable(ben),
      (value) => value === 'false',
    );
  });
});
