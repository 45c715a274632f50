import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  forgetExpectedRefusals,
  type E2eServer,
  type Member,
  draftOnServer,
  eventually,
  openCriterion,
  openDraft,
  outlineCodes,
  projectRoot,
  saveScreenshot,
  waitForConnection,
  WWC_DRAFT,
} from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';
import type * as Y from 'yjs';
import { CRITERION, META, draftRoots } from '../../src/collab/draft-layout.ts';
import { orderedEntries } from '../../src/collab/order-keys.ts';
import { draftFromVersion } from '../../src/core/draft-from-version.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';

const WWC = 'what-works-cities';

/** A What Works Cities version as the seed file holds it. */
function seedVersion(version: string): Standard {
  const parsed = parseStandard(
    JSON.parse(readFileSync(`${projectRoot}/standards/${WWC}/${version}.json`, 'utf8')),
  );
  if (!parsed.ok) throw new Error(`${version} does not parse`);
  return parsed.value;
}

/** The version labels the server has published, oldest first. */
async function publishedLabels(member: Member, e2e: E2eServer): Promise<string[]> {
  const response = await member.page.request.get(`${e2e.url}/api/standards/${WWC}/versions`);
  return ((await response.json()) as { version: string }[]).map((version) => version.version);
}

/**
 * Issue 6's acceptance tests in Chromium: publishing a draft (V1, C5), the diff view with its
 * redlines and impact (D1–D3), the version history, and restoring a draft to a version (V2).
 */
describe('versions and diffs in Chromium', () => {
  const session = useE2eSession();
  const { member } = session;

  it('[V1][D1] a chair edits a statement, publishes 3.1 and sees the statement’s redline against 3.0', async () => {
    const chair = await member('Chair Cleo', 'chair');
    await openDraft(chair, session.server);
    await openCriterion(chair.page, 'DM2');

    // "…and keeps that inventory current." → "…and keeps that inventory up to date every year."
    const editor = chair.page.getByTestId('statement-editor');
    await editor.click();
    await chair.page.keyboard.press('Control+End');
    for (let n = 0; n < 'current.'.length; n++) await chair.page.keyboard.press('Shift+ArrowLeft');
    await chair.page.keyboard.type('up to date ', { delay: 10 });
    await chair.page.keyboard.press('Control+b');
    await chair.page.keyboard.type('every year', { delay: 10 });
    await chair.page.keyboard.press('Control+b');
    await chair.page.keyboard.type('.', { delay: 10 });
    await waitForConnection(chair.page, ['saved']);

    await chair.page.getByTestId('publish-open').click();
    const dialog = chair.page.getByTestId('publish-dialog');
    await dialog.waitFor();
    expect(await chair.page.getByTestId('publish-label').inputValue()).toBe('3.1');
    await chair.page.getByTestId('publish-status-comment').check();
    await saveScreenshot(chair.page, 'versions-1-publish-dialog');
    await chair.page.getByTestId('publish-submit').click();
    const done = chair.page.getByTestId('publish-done');
    await done.waitFor();
    expect(await done.getAttribute('data-version')).toBe('3.1');
    expect(await publishedLabels(chair, session.server)).toEqual(['1.0', '2.0', '3.0', '3.1']);
    // Publishing moved the draft on: the editor behind the dialog now says Draft 3.2, from 3.1.
    expect(await chair.page.getByTestId('publish-moved-on').innerText()).toBe(
      'The draft is now 3.2, based on 3.1.',
    );
    await eventually(
      'the top bar to show the next draft label',
      () => chair.page.locator('.topbar__version').innerText(),
      (text) => text === 'Draft 3.2 · from 3.1',
    );

    await chair.page.getByTestId('publish-diff-link').click();
    await chair.page.waitForURL(`${session.server.url}/standards/${WWC}/diff?from=3.0&to=3.1`);
    const change = chair.page.locator('[data-testid="change"][data-change-id="criterion-statement:DM2"]');
    await change.waitFor();
    const redline = change.getByTestId('redline');
    await redline.waitFor();
    expect(await redline.locator('del').allInnerTexts()).toEqual(['current']);
    // The redline is of the rendered text: the bold words are bold, and no Markdown `**` shows.
    expect((await redline.locator('ins').allInnerTexts()).join('')).toBe('up to date every year');
    expect(await redline.locator('ins strong').innerText()).toBe('every year');
    expect(await redline.innerText()).not.toContain('*');
    expect(await redline.innerText()).toContain('The city keeps an inventory of the data it holds');
    // One editorial change, nothing else: the chips count each class.
    const counts = await chair.page
      .getByTestId('class-chips')
      .locator('[data-count]')
      .evaluateAll((chips) =>
        chips.map((chip) => [chip.getAttribute('data-testid'), chip.getAttribute('data-count')]),
      );
    expect(counts).toEqual([
      ['class-chip-tightening', '0'],
      ['class-chip-loosening', '0'],
      ['class-chip-reweighting', '0'],
      ['class-chip-editorial', '1'],
    ]);
    await saveScreenshot(chair.page, 'versions-2-statement-redline');

    // The version history shows 3.1 on top, published by the chair, status public comment.
    await chair.page.goto(`${session.server.url}/standards/${WWC}`);
    const latest = chair.page.getByTestId('version-item').first();
    await latest.waitFor();
    expect(await latest.getAttribute('data-version')).toBe('3.1');
    expect(await latest.getByTestId('version-author').innerText()).toBe('Chair Cleo');
    expect(await latest.innerText()).toMatch(/public comment/i);
    // Seeded versions show the year they were published, from their files.
    const publishedYears = await chair.page
      .getByTestId('version-item')
      .evaluateAll((items) =>
        items.map((item) => [
          item.getAttribute('data-version'),
          item.querySelector('[data-testid="version-published"]')?.textContent,
        ]),
      );
    expect(publishedYears.slice(1)).toEqual([
      ['3.0', '2022'],
      ['2.0', '2018'],
      ['1.0', '2017'],
    ]);
    await saveScreenshot(chair.page, 'versions-3-history');
  });

  it('[H6] the dialog publishes the state it shows: an edit meanwhile is refused, and the chair reviews again', async () => {
    const chair = await member('Chair Cleo', 'chair');
    await openDraft(chair, session.server);
    await openCriterion(chair.page, 'DM2');
    await chair.page.getByTestId('criterion-title').click();
    await chair.page.keyboard.press('End');
    await chair.page.keyboard.type(' (reviewed)', { delay: 10 });
    await waitForConnection(chair.page, ['saved']);

    await chair.page.getByTestId('publish-open').click();
    const review = chair.page.getByTestId('publish-review');
    await review.waitFor();
    const reviewed = (await review.getAttribute('data-state')) ?? '';
    expect(await chair.page.getByTestId('publish-state').innerText()).toBe(reviewed.slice(0, 12));
    expect(await review.innerText()).toMatch(/44 criteria, 3 tiers · 1 change since 3\.0/);

    // Someone else edits while the dialog is open (here: an edit the server writes into the live room).
    const live = session.server.server.registry.loaded(WWC_DRAFT);
    if (!live) throw new Error('the draft room is not loaded');
    const first = orderedEntries(draftRoots(live.doc).criteria)[0]?.entry.get(CRITERION.title) as Y.Text;
    first.insert(first.length, ' (late edit)');

    await chair.page.getByTestId('publish-submit').click();
    const stale = chair.page.getByTestId('publish-stale');
    await stale.waitFor();
    expect(await stale.innerText()).toMatch(/The draft changed since you reviewed it/);
    expect(await publishedLabels(chair, session.server)).toEqual(['1.0', '2.0', '3.0']);
    await saveScreenshot(chair.page, 'versions-10-publish-stale');
    forgetExpectedRefusals(chair);

    await chair.page.getByTestId('publish-review-again').click();
    await eventually(
      'the dialog to show the new state',
      async () => (await review.getAttribute('data-state')) ?? '',
      (state) => state !== '' && state !== reviewed,
    );
    expect(await review.innerText()).toMatch(/2 changes since 3\.0/);
    await chair.page.getByTestId('publish-submit').click();
    await chair.page.getByTestId('publish-done').waitFor();
    expect(await publishedLabels(chair, session.server)).toEqual(['1.0', '2.0', '3.0', '3.1']);
  });

  it('[H6] the validation panel reports a basedOn naming no version, and the publish dialog is refused', async () => {
    const chair = await member('Chair Cleo', 'chair');
    await openDraft(chair, session.server);
    const panel = chair.page.getByTestId('validation-panel');
    await eventually(
      'a clean draft',
      () => panel.getAttribute('data-count'),
      (count) => count === '0',
    );

    // An editor's edit, written by the server into the live room as any peer's would arrive.
    const live = session.server.server.registry.loaded(WWC_DRAFT);
    if (!live) throw new Error('the draft room is not loaded');
    draftRoots(live.doc).meta.set(META.basedOn, '9.9');

    const problem = panel.locator('[data-testid="problem"][data-path="basedOn"]');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/version 9\.9 of what-works-cities does not exist/);
    await saveScreenshot(chair.page, 'versions-11-based-on-nothing');

    await chair.page.getByTestId('publish-open').click();
    await chair.page.getByTestId('publish-submit').click();
    const refused = chair.page.getByTestId('publish-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/version 9\.9 of what-works-cities does not exist/);
    // 404: the editor and the dialog looked up version 9.9; 422: publishing was refused.
    forgetExpectedRefusals(chair, [404, 422]);
    expect(await publishedLabels(chair, session.server)).toEqual(['1.0', '2.0', '3.0']);
  });

  it('[V1] with no changes since the basedOn version the dialog says so and publishes only when the chair insists', async () => {
    const chair = await member('Chair Cleo', 'chair');
    await openDraft(chair, session.server);
    await chair.page.getByTestId('publish-open').click();
    const force = chair.page.getByTestId('publish-force');
    await force.waitFor();
    expect(await chair.page.getByTestId('publish-review').innerText()).toMatch(/No changes since 3\.0\./);
    expect(await chair.page.getByTestId('publish-submit').isDisabled()).toBe(true);
    await force.check();
    await chair.page.getByTestId('publish-submit').click();
    await chair.page.getByTestId('publish-done').waitFor();
    expect(await publishedLabels(chair, session.server)).toEqual(['1.0', '2.0', '3.0', '3.1']);
  });

  it('[C5][V1] a draft with a duplicate code is refused on publish; the dialog lists the problems and no version is made', async () => {
    const chair = await member('Chair Cleo', 'chair');
    await openDraft(chair, session.server);
    await openCriterion(chair.page, 'DM2');
    const code = chair.page.getByTestId('criterion-code');
    await code.fill('DM1');
    await code.press('Enter');
    await chair.page.getByText('is also the code of').waitFor();
    await waitForConnection(chair.page, ['saved']);

    await chair.page.getByTestId('publish-open').click();
    await chair.page.getByTestId('publish-submit').click();
    const refused = chair.page.getByTestId('publish-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/Publishing was refused: \d+ problems? to fix first/);
    const problem = refused.locator('[data-testid="refused-problem"][data-path="criteria.1.id"]');
    expect(await problem.innerText()).toMatch(/DM1 · code\s+duplicate criterion id "DM1"/);
    await saveScreenshot(chair.page, 'versions-4-publish-refused');
    forgetExpectedRefusals(chair);

    expect(await publishedLabels(chair, session.server)).toEqual(['1.0', '2.0', '3.0']);
    const onServer = await draftOnServer(chair, session.server);
    expect(onServer.problems.some((line) => line.startsWith('criteria.1.id:'))).toBe(true);

    // The problem is a link, as in the validation panel: it closes the dialog and focuses the code field.
    await problem.click();
    await chair.page.getByTestId('publish-dialog').waitFor({ state: 'detached' });
    await eventually(
      'the problem link to focus the code field',
      () => chair.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? ''),
      (focused) => focused === 'criterion-code',
    );
  });

  it('[D1][D2][D3] the diff of 2.0 → 3.0: counts per class, filters, grouping by area, a cohort’s impact', async () => {
    const viewer = await member('Vera Viewer', 'viewer');
    await viewer.page.goto(`${session.server.url}/standards/${WWC}`);
    const v3 = viewer.page.locator('[data-testid="version-item"][data-version="3.0"]');
    await v3.getByTestId('diff-previous').click();
    await viewer.page.waitForURL(`${session.server.url}/standards/${WWC}/diff?from=2.0&to=3.0`);
    await viewer.page.getByTestId('change-list').waitFor();

    const chip = (name: string) => viewer.page.getByTestId(`class-chip-${name}`);
    expect(await chip('tightening').getAttribute('data-count')).toBe('13');
    expect(await chip('loosening').getAttribute('data-count')).toBe('5');
    expect(await chip('reweighting').getAttribute('data-count')).toBe('17');
    expect(await chip('editorial').getAttribute('data-count')).toBe('116');
    // A rename through lineage reads as one change, not a removal and an addition.
    await viewer.page
      .locator('[data-testid="change"][data-kind="criterion-recoded"]', { hasText: 'DG1 is now DM2' })
      .waitFor();

    await viewer.page.getByTestId('cohort-select').selectOption('2021');
    const result = viewer.page.getByTestId('impact-result');
    await result.waitFor();
    const moved = await Promise.all(
      ['impact-up', 'impact-down', 'impact-same'].map(async (id) =>
        Number(await viewer.page.getByTestId(id).getAttribute('data-count')),
      ),
    );
    expect(moved.reduce((sum, count) => sum + count, 0)).toBe(60);
    await saveScreenshot(viewer.page, 'versions-5-diff-2.0-to-3.0');

    // Only tightening, by area, in Data Management.
    await chip('tightening').click();
    await viewer.page.getByTestId('group-by-area').click();
    await viewer.page.getByTestId('area-filter').selectOption('data-management');
    const kinds = await viewer.page
      .getByTestId('change')
      .evaluateAll((changes) => changes.map((change) => change.getAttribute('data-class')));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['tightening']));
    expect(await viewer.page.getByTestId('visible-count').innerText()).toBe('2 of 151 changes');

    // Folded statements open on request and show their redline.
    await chip('tightening').click();
    await chip('editorial').click();
    const statement = viewer.page.locator('[data-testid="change"][data-change-id="criterion-statement:DM2"]');
    await statement.getByTestId('change-toggle').click();
    expect(await statement.getByTestId('redline').locator('ins').first().innerText()).toContain(
      'it holds or relies on',
    );
    await saveScreenshot(viewer.page, 'versions-6-diff-by-area');

    const download = viewer.page.waitForEvent('download');
    await viewer.page.getByTestId('export-changelog').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('what-works-cities-2.0-to-3.0-changelog.md');
    const text = await new Response((await file.createReadStream()) as unknown as ReadableStream).text();
    expect(text).toMatch(/^# What Works Cities Certification Standard: changes from 2\.0 to 3\.0/);
    expect(text).toContain('## Impact on past applicants');
  });

  it('[V3] the history page imports a file as a draft, and refuses a version that is already published', async () => {
    const chair = await member('Chair Cleo', 'chair');
    await chair.page.goto(`${session.server.url}/standards/${WWC}`);
    await chair.page.getByTestId('open-import').click();
    const file = {
      name: '3.0.json',
      mimeType: 'application/json',
      buffer: readFileSync(`${projectRoot}/standards/${WWC}/3.0.json`),
    };

    // As a version: 3.0 is published already, so the whole file is refused and nothing is written.
    await chair.page.getByTestId('import-file').setInputFiles(file);
    await chair.page.getByTestId('import-as-version').check();
    await chair.page.getByTestId('import-submit').click();
    const refused = chair.page.getByTestId('import-refused');
    await refused.waitFor();
    expect(await refused.getByTestId('refused-problem').innerText()).toMatch(
      /^version\s+what-works-cities 3\.0 is already published/,
    );
    forgetExpectedRefusals(chair);
    expect(await publishedLabels(chair, session.server)).toEqual(['1.0', '2.0', '3.0']);

    // As a draft: a second live draft appears beside the seeded one, holding the file exactly.
    await chair.page.getByTestId('import-as-draft').check();
    await chair.page.getByTestId('import-submit').click();
    await chair.page.getByTestId('import-done').waitFor();
    await eventually(
      'the imported draft to be listed',
      () => chair.page.getByTestId('history-draft').count(),
      (count) => count === 2,
    );
    const draftId =
      (await chair.page.getByTestId('history-draft').nth(1).getAttribute('data-draft-id')) ?? '';
    const exported = await chair.page.request.get(`${session.server.url}/api/drafts/${draftId}/export`);
    expect(await exported.text()).toBe(file.buffer.toString('utf8'));
    await saveScreenshot(chair.page, 'versions-9-import');
  });

  it('[V2] a chair restores the draft to 2.0: a collaborator sees it live, and the chair undoes it', async () => {
    const chair = await member('Chair Cleo', 'chair');
    const ana = await member('Ana Ruiz', 'editor');
    await Promise.all([openDraft(chair, session.server), openDraft(ana, session.server)]);
    const before = await outlineCodes(ana.page);
    expect(before).toHaveLength(44);

    await chair.page.getByTestId('versions-menu').click();
    await chair.page.getByTestId('menu-restore').click();
    await chair.page.getByTestId('restore-dialog').waitFor();
    await chair.page.locator('[data-testid="restore-version"][value="2.0"]').check();
    await saveScreenshot(chair.page, 'versions-7-restore-dialog');
    await chair.page.getByTestId('restore-submit').click();

    const restored = await eventually(
      'Ana to see the draft restored to 2.0',
      () => outlineCodes(ana.page),
      (codes) => codes.length === 45 && codes.includes('DG1'),
    );
    expect(restored).toContain('GM2');
    await waitForConnection(chair.page, ['saved']);
    // The draft now holds 2.0 exactly, as a draft of 3.1 based on 2.0 with lineage `same` (V2).
    const onServer = await draftOnServer(ana, session.server);
    expect(onServer.content).toEqual(draftFromVersion(seedVersion('2.0'), '3.1'));
    expect(onServer.problems).toEqual([]);
    await saveScreenshot(ana.page, 'versions-8-restored-live');

    await chair.page.getByTestId('restore-undo').click();
    await eventually(
      'Ana to see the restore undone',
      () => outlineCodes(ana.page),
      (codes) => JSON.stringify(codes) === JSON.stringify(before),
    );
    await waitForConnection(chair.page, ['saved']);
    expect(
      (await draftOnServer(ana, session.server)).content.criteria.map((criterion) => criterion.id),
    ).toEqual(before);
  });
});
