import { describe, expect, it } from 'vitest';
import {
  type Member,
  draftOnServer,
  eventually,
  openCriterion,
  openDraft,
  outlineCodes,
  outlineRow,
  saveScreenshot,
  statementText,
  waitForConnection,
} from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

/** Presses Ctrl+Z until the member has nothing left to undo. */
async function undoEverything(who: Member): Promise<void> {
  for (let n = 0; n < 50 && !(await who.page.getByTestId('undo').isDisabled()); n++) {
    await who.page.keyboard.press('Control+z');
  }
  expect(await who.page.getByTestId('undo').isDisabled()).toBe(true);
}

/**
 * Issue 5's acceptance tests: two members, each in their own browser context, co-edit the seeded
 * What Works Cities draft through a real server.
 */
describe('the collaborative draft editor in Chromium', () => {
  const session = useE2eSession();
  const { member } = session;

  it('[C1][C2] A types in a criterion statement; B sees the text and A’s named caret', async () => {
    const ana = await member('Ana Ruiz');
    const ben = await member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    await Promise.all([openCriterion(ana.page, 'DM2'), openCriterion(ben.page, 'DM2')]);

    const editor = ana.page.getByTestId('statement-editor');
    const original = await statementText(ana.page);
    await editor.click();
    await ana.page.keyboard.press('Control+End');
    await ana.page.keyboard.type(' Reviewed by the committee in 2025.', { delay: 15 });

    const benEditor = ben.page.getByTestId('statement-editor');
    await eventually(
      'B to see the text A typed',
      () => benEditor.innerText(),
      (text) => text.includes('Reviewed by the committee in 2025.'),
    );
    const caret = benEditor.locator('.collaboration-carets__label');
    await caret.waitFor();
    expect(await caret.innerText()).toBe('Ana Ruiz');
    // Presence (C2): B's outline marks DM2 as where Ana is, and Ana is among B's avatars.
    await outlineRow(ben.page, 'DM2').getByTestId('row-presence').waitFor();
    expect(
      await outlineRow(ben.page, 'DM2').getByTestId('row-presence').getAttribute('data-names'),
    ).toContain('Ana Ruiz');
    expect(
      await ben.page
        .getByTestId('presence-avatar')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-name'))),
    ).toContain('Ana Ruiz');
    await waitForConnection(ana.page, ['saved']);
    const onServer = await draftOnServer(ben, session.server);
    expect(onServer.content.criteria.find((criterion) => criterion.id === 'DM2')?.statement).toContain(
      'Reviewed by the committee in 2025.',
    );
    await saveScreenshot(ben.page, 'editor');
    await saveScreenshot(ben.page, '1-statement-caret');

    // [C3] A's Ctrl+Z in the statement walks back A's typing, and B sees the original again.
    await editor.click();
    await undoEverything(ana);
    await eventually(
      'B to see the statement as it was',
      () => statementText(ben.page),
      (text) => text === original,
    );
  });

  it('[C1] A adds an intent to a criterion and writes it; B sees it live and the saved draft holds it', async () => {
    const ana = await member('Ana Ruiz');
    const ben = await member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    await Promise.all([openCriterion(ana.page, 'DM3'), openCriterion(ben.page, 'DM3')]);
    expect(await ben.page.getByTestId('intent-editor').count()).toBe(0);

    await ana.page.getByTestId('intent-add').click();
    const intent = ana.page.getByTestId('intent-editor');
    await intent.click();
    await ana.page.keyboard.type('Assessors look for a plan in use, not on a shelf.', { delay: 10 });
    await eventually(
      'B to see the intent A typed',
      () => ben.page.getByTestId('intent-editor').innerText(),
      (text) => text.includes('a plan in use, not on a shelf.'),
    );
    expect(await ben.page.getByTestId('intent-add').count()).toBe(0);
    await waitForConnection(ana.page, ['saved']);
    const onServer = await draftOnServer(ben, session.server);
    expect(onServer.content.criteria.find((criterion) => criterion.id === 'DM3')?.intent).toBe(
      'Assessors look for a plan in use, not on a shelf.',
    );
  });

  it('[C1][C3] outline editing: add, duplicate and delete criteria, add an area; all of it undoable', async () => {
    const ana = await member('Ana Ruiz');
    const ben = await member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    const before = await outlineCodes(ben.page);

    await ana.page.locator('[data-testid="add-criterion"][data-section-id="open-data"]').click();
    await ana.page.locator('[data-testid="criterion-panel"][data-code="OD5"]').waitFor();
    await ana.page.getByTestId('criterion-title').fill('Open data for communities');
    await eventually(
      'B to see the new criterion',
      () => outlineRow(ben.page, 'OD5').innerText(),
      (text) => text.includes('Open data for communities'),
    );
    await ana.page.getByTestId('criterion-duplicate').click();
    await ana.page.locator('[data-testid="criterion-panel"][data-code="OD6"]').waitFor();
    expect(await ana.page.getByTestId('criterion-title').inputValue()).toBe(
      'Open data for communities (copy)',
    );
    await outlineRow(ana.page, 'OD6').locator('.outline-row__main').press('Delete');
    await outlineRow(ana.page, 'OD6').waitFor({ state: 'detached' });
    await ana.page.getByTestId('add-section').click();
    await ana.page.keyboard.type('Equity');
    await ana.page.keyboard.press('Enter');
    const sectionNames = (page: typeof ana.page) =>
      page
        .getByTestId('outline-section')
        .evaluateAll((sections) =>
          sections.map((section) => section.querySelector('.outline-section__name')?.textContent ?? ''),
        );
    await eventually(
      'B to see the new area',
      () => sectionNames(ben.page),
      (names) => names.at(-1) === 'Equity',
    );
    expect(await outlineCodes(ben.page)).toEqual([
      ...before.slice(0, before.indexOf('OD4') + 1),
      'OD5',
      ...before.slice(before.indexOf('OD4') + 1),
    ]);
    await openCriterion(ben.page, 'OD5');
    await outlineRow(ben.page, 'OD5').scrollIntoViewIfNeeded();
    await saveScreenshot(ben.page, '6-outline-editing');

    await undoEverything(ana);
    await eventually(
      'B to see everything undone',
      () => outlineCodes(ben.page),
      (codes) => JSON.stringify(codes) === JSON.stringify(before),
    );
    expect((await sectionNames(ben.page)).includes('Equity')).toBe(false);
  });

  it('[C3] B raises the gold threshold; A’s tiers panel shows it and A’s undo leaves it alone', async () => {
    const ana = await member('Ana Ruiz');
    const ben = await member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    await Promise.all([ana.page.getByTestId('tab-tiers').click(), ben.page.getByTestId('tab-tiers').click()]);
    const percent = (page: typeof ana.page, tier: string) =>
      page.locator(`[data-testid="tier-min-percent"][data-tier-id="${tier}"]`);

    // A's own edit first: silver 51 → 55.
    await percent(ana.page, 'silver').fill('55');
    await eventually(
      'B to see silver at 55',
      () => percent(ben.page, 'silver').inputValue(),
      (value) => value === '55',
    );
    // B raises gold: 68 → 75, and A's tiers panel shows it.
    await percent(ben.page, 'gold').fill('75');
    await eventually(
      'A to see gold at 75',
      () => percent(ana.page, 'gold').inputValue(),
      (value) => value === '75',
    );

    // A undoes: A's silver change goes, B's gold change stays — on both screens and on the server.
    await ana.page.getByTestId('tab-tiers').focus();
    await ana.page.keyboard.press('Control+z');
    await eventually(
      'A’s undo to restore silver',
      () => percent(ana.page, 'silver').inputValue(),
      (value) => value === '51',
    );
    await eventually(
      'B to see the undo',
      () => percent(ben.page, 'silver').inputValue(),
      (value) => value === '51',
    );
    expect(await percent(ana.page, 'gold').inputValue()).toBe('75');
    expect(await percent(ben.page, 'gold').inputValue()).toBe('75');
    // Nothing of A's is left to undo, so a second Ctrl+Z must not touch B's change either.
    expect(await ana.page.getByTestId('undo').isDisabled()).toBe(true);
    await ana.page.keyboard.press('Control+z');
    await waitForConnection(ana.page, ['saved']);
    const tiers = (await draftOnServer(ana, session.server)).content.tiers;
    expect(tiers.map((tier) => [tier.id, tier.minPercent])).toEqual([
      ['silver', 51],
      ['gold', 75],
      ['platinum', 85],
    ]);
    // Redo brings A's change back.
    await ana.page.keyboard.press('Control+Shift+z');
    await eventually(
      'A’s redo',
      () => percent(ben.page, 'silver').inputValue(),
      (value) => value === '55',
    );
    await waitForConnection(ana.page, ['saved']);
    await saveScreenshot(ana.page, '2-tiers-undo');
  });

  it('[C1] both reorder criteria at the same time; both outlines end identical, nothing lost or doubled', async () => {
    const ana = await member('Ana Ruiz');
    const ben = await member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    const before = await outlineCodes(ana.page);
    expect(before).toHaveLength(44);

    const moves = async (
      who: Member,
      steps: readonly [code: string, key: 'Alt+ArrowUp' | 'Alt+ArrowDown', times: number][],
    ) => {
      for (const [code, key, times] of steps) {
        await outlineRow(who.page, code).locator('.outline-row__main').focus();
        for (let n = 0; n < times; n++) await who.page.keyboard.press(key);
      }
    };
    // Both move DM2 (in opposite directions) and each moves others, some across area boundaries.
    await Promise.all([
      moves(ana, [
        ['DM2', 'Alt+ArrowDown', 3],
        ['LC1', 'Alt+ArrowUp', 2],
        ['OD1', 'Alt+ArrowDown', 1],
      ]),
      moves(ben, [
        ['DM2', 'Alt+ArrowUp', 1],
        ['DM9', 'Alt+ArrowDown', 2],
        ['OD4', 'Alt+ArrowUp', 3],
      ]),
    ]);
    const identical = () =>
      eventually(
        'both outlines to be identical',
        () => Promise.all([outlineCodes(ana.page), outlineCodes(ben.page)]),
        ([a, b]) => JSON.stringify(a) === JSON.stringify(b),
      );
    await identical();
    // Drag and drop too (native HTML5 drag events), while A moves DM4 down: B drags DM7 above DM1.
    await Promise.all([
      outlineRow(ben.page, 'DM7').dragTo(outlineRow(ben.page, 'DM1'), { targetPosition: { x: 60, y: 4 } }),
      moves(ana, [['DM4', 'Alt+ArrowDown', 2]]),
    ]);
    const [anaCodes, benCodes] = await identical();
    expect(anaCodes.indexOf('DM7')).toBe(anaCodes.indexOf('DM1') - 1);
    expect(anaCodes).toEqual(benCodes);
    expect(anaCodes).toHaveLength(44);
    expect(new Set(anaCodes).size).toBe(44);
    expect([...anaCodes].sort()).toEqual([...before].sort());
    expect(anaCodes).not.toEqual(before);
    await Promise.all([waitForConnection(ana.page, ['saved']), waitForConnection(ben.page, ['saved'])]);
    const onServer = (await draftOnServer(ana, session.server)).content.criteria.map(
      (criterion) => criterion.id,
    );
    expect([...onServer].sort()).toEqual([...before].sort());
    await saveScreenshot(ana.page, '3-concurrent-reorder');
  });

  it('[C4] B goes offline, edits, comes back; both converge', async () => {
    const ana = await member('Ana Ruiz');
    const ben = await member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    await Promise.all([openCriterion(ana.page, 'DM1'), openCriterion(ben.page, 'OD2')]);

    await ben.context.setOffline(true);
    await waitForConnection(ben.page, ['offline']);

    // B edits offline: title, points and statement of OD2.
    await ben.page.getByTestId('criterion-title').click();
    await ben.page.keyboard.press('End');
    await ben.page.keyboard.type(' (revised offline)', { delay: 10 });
    await ben.page.getByTestId('criterion-points').fill('3');
    await ben.page.getByTestId('statement-editor').click();
    await ben.page.keyboard.press('Control+End');
    await ben.page.keyboard.type(' Written on a train.', { delay: 10 });
    expect(await ben.page.getByTestId('connection-badge').innerText()).toContain('Offline');
    // Meanwhile A edits DM1 online.
    await ana.page.getByTestId('criterion-title').click();
    await ana.page.keyboard.press('End');
    await ana.page.keyboard.type(' — online edit', { delay: 10 });
    await waitForConnection(ana.page, ['saved']);
    // A must not have received anything from B (a fixed wait: proving an absence needs one).
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await outlineRow(ana.page, 'OD2').innerText()).not.toContain('revised offline');
    await saveScreenshot(ben.page, '4-offline');

    await ben.context.setOffline(false);
    await waitForConnection(ben.page, ['saved']);
    await eventually(
      'A to receive B’s offline edits',
      () => outlineRow(ana.page, 'OD2').innerText(),
      (text) => text.includes('(revised offline)') && /\b3\b/.test(text),
    );
    await eventually(
      'B to receive A’s edit',
      () => outlineRow(ben.page, 'DM1').innerText(),
      (text) => text.includes('— online edit'),
    );
    // Code, title and points of every row (not the presence markers, which differ by design).
    const titles = async (member: Member) =>
      member.page
        .getByTestId('outline-row')
        .evaluateAll((rows) =>
          rows.map(
            (row) =>
              `${row.querySelector('.outline-row__main')?.textContent} ${row.querySelector('.badge--points')?.textContent}`,
          ),
        );
    await eventually(
      'both outlines to be identical',
      () => Promise.all([titles(ana), titles(ben)]),
      ([a, b]) => JSON.stringify(a) === JSON.stringify(b),
    );
    const criteria = (await draftOnServer(ana, session.server)).content.criteria;
    const od2 = criteria.find((criterion) => criterion.id === 'OD2');
    expect(od2?.title).toMatch(/\(revised offline\)$/);
    expect(od2?.points).toBe(3);
    expect(od2?.statement).toMatch(/Written on a train\.$/);
    expect(criteria.find((criterion) => criterion.id === 'DM1')?.title).toMatch(/— online edit$/);
  });

  it('[P3][C5] a viewer cannot type anywhere; a duplicate code A makes shows up for B', async () => {
    const ana = await member('Ana Ruiz', 'editor');
    const vera = await member('Vera Viewer', 'viewer');
    await Promise.all([openDraft(ana, session.server), openDraft(vera, session.server)]);
    await Promise.all([openCriterion(ana.page, 'DM2'), openCriterion(vera.page, 'DM2')]);
    const before = await draftOnServer(ana, session.server);

    // Read-only everywhere: no editable rich text, every input read-only or disabled, no add/delete.
    await vera.page.getByTestId('read-only-badge').waitFor();
    expect(await vera.page.getByTestId('statement-editor').getAttribute('contenteditable')).toBe('false');
    const writable = async () =>
      vera.page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
            'input, textarea, select',
          ),
        ]
          .filter((element) => element.type !== 'search')
          .filter((element) => !element.disabled && !(element as HTMLInputElement).readOnly)
          .map((element) => element.outerHTML.slice(0, 120))
          .concat(
            [...document.querySelectorAll('[contenteditable="true"]')].map((element) =>
              element.outerHTML.slice(0, 120),
            ),
          ),
      );
    expect(await writable()).toEqual([]);
    for (const testId of ['add-criterion', 'add-section', 'row-delete', 'criterion-delete', 'undo']) {
      expect(await vera.page.getByTestId(testId).count()).toBe(0);
    }
    await vera.page.getByTestId('statement-editor').click();
    await vera.page.keyboard.type('viewer was here');
    await vera.page.getByTestId('criterion-title').click();
    await vera.page.keyboard.type('viewer was here');
    await vera.page.getByTestId('tab-tiers').click();
    await vera.page.getByTestId('tiers-panel').waitFor();
    expect(await writable()).toEqual([]);
    await vera.page.locator('[data-testid="tier-min-percent"][data-tier-id="gold"]').click();
    await vera.page.keyboard.type('9');
    await vera.page.getByTestId('tab-settings').click();
    await vera.page.getByTestId('settings-panel').waitFor();
    expect(await writable()).toEqual([]);
    await vera.page.getByTestId('tab-criterion').click();
    expect(await vera.page.getByTestId('statement-editor').innerText()).not.toContain('viewer was here');

    // Presence still works for a viewer: A sees Vera.
    await eventually(
      'A to see the viewer among the avatars',
      () =>
        ana.page
          .getByTestId('presence-avatar')
          .evaluateAll((els) => els.map((el) => el.getAttribute('data-name'))),
      (names) => names.includes('Vera Viewer'),
    );

    // A gives DM2 the code DM1: a duplicate. It shows in the viewer's validation panel, live.
    expect(await vera.page.getByTestId('validation-panel').getAttribute('data-count')).toBe('0');
    const code = ana.page.getByTestId('criterion-code');
    await code.fill('DM1');
    await code.press('Enter');
    await ana.page.getByText('is also the code of').waitFor();
    const problem = vera.page.locator('[data-testid="problem"][data-path="criteria.1.id"]');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/duplicate criterion id "DM1"/);
    // The link opens the offending criterion and focuses its code field.
    await problem.click();
    await eventually(
      'the problem link to focus the code field',
      () => vera.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? ''),
      (focused) => focused === 'criterion-code',
    );
    expect(await vera.page.getByTestId('criterion-panel').getAttribute('data-code')).toBe('DM1');
    await saveScreenshot(vera.page, '5-viewer-validation');

    // The viewer's keystrokes changed nothing on the server; A's duplicate did.
    await waitForConnection(ana.page, ['saved']);
    const after = await draftOnServer(ana, session.server);
    expect(after.content.criteria.map((criterion) => criterion.id)).toEqual(
      before.content.criteria.map((criterion, index) => (index === 1 ? 'DM1' : criterion.id)),
    );
    expect(after.content.criteria[1]?.title).toBe(before.content.criteria[1]?.title);
    expect(after.content.tiers).toEqual(before.content.tiers);
    expect(after.problems.some((line) => line.startsWith('criteria.1.id:'))).toBe(true);
  });
});
