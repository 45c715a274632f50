import { describe, expect, it } from 'vitest';
import {
  type E2eServer,
  type Member,
  draftOnServer,
  eventually,
  openCriterion,
  openDraft,
  saveScreenshot,
  statementText,
  waitForConnection,
} from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

/**
 * Pastes `bytes` of plain text (one line, no newlines) into the member's open statement editor, as the
 * browser delivers a real paste: a `paste` event carrying the clipboard's data.
 */
async function pasteIntoStatement(who: Member, bytes: number): Promise<void> {
  const editor = who.page.getByTestId('statement-editor');
  await editor.click();
  await who.page.keyboard.press('Control+End');
  await editor.evaluate((element, size) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'lorem ipsum '.repeat(Math.ceil(size / 12)).slice(0, size));
    element.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, bytes);
}

/** The editor banner, checked to be on screen (inside the viewport, not in a tooltip). */
async function bannerInView(who: Member, kind: string): Promise<string> {
  const banner = who.page.locator(`[data-testid="editor-banner"][data-kind="${kind}"]`);
  await banner.waitFor();
  const box = await banner.boundingBox();
  const viewport = who.page.viewportSize();
  expect(box && viewport && box.y >= 0 && box.y + box.height <= viewport.height).toBe(true);
  return banner.innerText();
}

/** B sees what A typed; it is stored; and it is still there after A reloads. */
async function typedTextIsKept(ana: Member, ben: Member, server: E2eServer, typed: string): Promise<void> {
  await ana.page.keyboard.type(typed, { delay: 10 });
  await eventually(
    'B to see what A typed after the refused edit',
    () => statementText(ben.page),
    (text) => text.includes(typed),
  );
  await waitForConnection(ana.page, ['saved']);
  await ana.page.reload();
  await ana.page.getByTestId('outline-row').first().waitFor();
  await openCriterion(ana.page, 'DM2');
  await eventually(
    'A to find the typed text after a reload',
    () => statementText(ana.page),
    (text) => text.includes(typed),
  );
  const stored = await draftOnServer(ben, server);
  expect(stored.content.criteria.find((criterion) => criterion.id === 'DM2')?.statement).toContain(typed);
}

describe('an edit too large for the server is never lost silently (C4, P4)', () => {
  const session = useE2eSession();

  it('[C4][P4] a 2 MB paste into a statement is refused in view and the draft is unchanged; typing afterwards reaches B and survives a reload', async () => {
    const ana = await session.member('Ana Ruiz');
    const ben = await session.member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    await Promise.all([openCriterion(ana.page, 'DM2'), openCriterion(ben.page, 'DM2')]);
    const original = await statementText(ana.page);

    await pasteIntoStatement(ana, Math.round(2.1 * 1024 * 1024));
    const message = await bannerInView(ana, 'paste-refused');
    expect(message).toContain(
      'This paste is 2.1 MB; one edit can be at most 1 MB. Paste it in smaller parts.',
    );
    expect(await statementText(ana.page)).toBe(original);
    expect(await ana.page.getByTestId('connection-badge').getAttribute('data-kind')).not.toBe('closed');
    await saveScreenshot(ana.page, 'limits-1-paste-refused');

    // The same for a text field (the criterion title): refused in view, the title as it was.
    await ana.page.getByTestId('editor-banner-dismiss').click();
    const title = ana.page.getByTestId('criterion-title');
    const titleBefore = await title.inputValue();
    await title.evaluate(
      (element, size) => {
        const data = new DataTransfer();
        data.setData('text/plain', 'x'.repeat(size));
        element.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      },
      3 * 1024 * 1024,
    );
    expect(await bannerInView(ana, 'paste-refused')).toContain('This paste is 3 MB');
    expect(await title.inputValue()).toBe(titleBefore);

    await ana.page.getByTestId('statement-editor').click();
    await ana.page.keyboard.press('Control+End');

    await typedTextIsKept(ana, ben, session.server, ' Typed after the refused paste.');
    expect(await statementText(ben.page)).not.toContain('lorem ipsum');
  });
});

describe('an edit the server refuses with 4413 is undone here, and later edits are kept (C4, P4)', () => {
  // A 64 KiB server limit lets a 200 KB paste past the editor's own 1 MB check, so the server refuses it.
  const session = useE2eSession({ limits: { maxMessageBytes: 64 * 1024 } });

  it('[C4][P4] the refused edit is undone with a visible banner, the editor reconnects, and what is typed next is saved', async () => {
    const ana = await session.member('Ana Ruiz');
    const ben = await session.member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    await Promise.all([openCriterion(ana.page, 'DM2'), openCriterion(ben.page, 'DM2')]);
    const original = await statementText(ana.page);

    await pasteIntoStatement(ana, 200 * 1024);
    const message = await bannerInView(ana, 'edit-undone');
    expect(message).toContain('one edit can be at most 64 KB');
    await eventually(
      'A to see the refused paste undone',
      () => statementText(ana.page),
      (text) => text === original,
    );
    await waitForConnection(ana.page, ['connected', 'saved', 'saving']);
    expect(await ana.page.getByTestId('statement-editor').getAttribute('contenteditable')).toBe('true');
    expect(session.server.logLines.join('\n')).toMatch(/4413|over the 65536-byte limit/);
    await saveScreenshot(ana.page, 'limits-2-refused-edit-undone');

    await ana.page.getByTestId('statement-editor').click();
    await ana.page.keyboard.press('Control+End');
    await typedTextIsKept(ana, ben, session.server, ' Typed after the refused edit.');
    expect(await statementText(ben.page)).not.toContain('lorem ipsum');
  });
});
