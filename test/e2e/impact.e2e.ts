import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseAssessments } from '../../src/core/assessment.ts';
import { draftFromVersion } from '../../src/core/draft-from-version.ts';
import { createImpactEngine } from '../../src/core/impact/impact-engine.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import type { ImpactTiming } from '../../src/ui/impact/impact-timings.ts';
import {
  type Member,
  draftOnServer,
  eventually,
  openDraft,
  projectRoot,
  saveScreenshot,
  screenshotDir,
  waitForConnection,
} from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

/** The seeded What Works Cities versions and cohorts, read from `standards/` as the server seeds them. */
function seeded() {
  const folder = join(projectRoot, 'standards/what-works-cities');
  const read = (name: string): unknown => JSON.parse(readFileSync(join(folder, name), 'utf8'));
  const versions = new Map<string, Standard>();
  for (const label of ['1.0', '2.0', '3.0']) {
    const parsed = parseStandard(read(`${label}.json`));
    if (!parsed.ok) throw new Error(`${label}.json is invalid`);
    versions.set(label, parsed.value);
  }
  const cohorts = ['2018', '2019', '2021', '2024'].map((cycle) => {
    const parsed = parseAssessments(read(`assessments/${cycle}.json`));
    if (!parsed.ok) throw new Error(`${cycle}.json is invalid`);
    return parsed.value;
  });
  return { versions, cohorts, v3: versions.get('3.0') as Standard };
}

/**
 * The oracle: which applicants the core engine moves from gold to silver when the 3.1 draft's gold cut-off
 * is `goldPercent` (against 3.0, every cohort) — computed here, in Node, independently of the browser.
 */
function goldToSilver(goldPercent: number): string[] {
  const { versions, cohorts, v3 } = seeded();
  const engine = createImpactEngine({ baseline: v3, versions, cohorts });
  if (!engine.ok) throw new Error(JSON.stringify(engine.problems));
  const draft = draftFromVersion(v3, '3.1');
  const preview = engine.value.preview({
    ...draft,
    tiers: draft.tiers.map((tier) => (tier.id === 'gold' ? { ...tier, minPercent: goldPercent } : tier)),
  });
  if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
  return preview.value.rows
    .filter((row) => row.baseline.tier === 'gold' && row.draft.tier === 'silver')
    .map((row) => row.applicantId)
    .sort();
}

const handle = (page: Page, tier: string) =>
  page.locator(`[data-testid="impact-panel"] [data-testid="cutoff-handle"][data-tier-id="${tier}"]`);
const cell = (page: Page, from: string, to: string) =>
  page.locator(`[data-testid="matrix-cell"][data-from="${from}"][data-to="${to}"]`);
const tierPercent = (page: Page, tier: string) =>
  page.locator(`[data-testid="tier-min-percent"][data-tier-id="${tier}"]`);

async function openImpact(who: Member): Promise<void> {
  if ((await who.page.getByTestId('impact-toggle').getAttribute('aria-pressed')) !== 'true') {
    await who.page.getByTestId('impact-toggle').click();
  }
  await who.page.locator('[data-testid="impact-panel"][data-ready="true"]').waitFor();
}

/** The in-browser edit-to-render samples of a member, summarized for the report (never asserted). */
async function timings(who: Member): Promise<string> {
  const samples = await who.page.evaluate(() => window.__tierlineImpactTimings ?? ([] as ImpactTiming[]));
  const stats = (pick: (sample: ImpactTiming) => number) => {
    const values = samples.map(pick).sort((a, b) => a - b);
    const p50 = values[Math.floor((values.length - 1) / 2)] ?? NaN;
    return `p50 ${p50.toFixed(1)} ms, max ${(values.at(-1) ?? NaN).toFixed(1)} ms`;
  };
  return (
    `${samples.length} samples, edit→render ${stats((sample) => sample.editToRenderMs)} ` +
    `(waiting for the frame ${stats((sample) => sample.waitMs)}; scoring ${stats((sample) => sample.computeMs)}; ` +
    `React render ${stats((sample) => sample.renderMs)})`
  );
}

/**
 * Issue 7's acceptance tests in Chromium: the live impact preview beside the editor, shared through a real
 * server by two members in their own browser contexts.
 */
describe('the impact preview in Chromium', () => {
  const session = useE2eSession();
  const { member } = session;

  it('[I1][I3][I4] A drags the gold cut-off up; B sees golds move to silver, the new threshold, and exports them', async () => {
    const ana = await member('Ana Ruiz');
    const ben = await member('Ben Okafor');
    await Promise.all([openDraft(ana, session.server), openDraft(ben, session.server)]);
    await Promise.all([openImpact(ana), openImpact(ben)]);
    await ben.page.getByTestId('tab-tiers').click();
    await ben.page.getByTestId('tiers-panel').waitFor();

    // The untouched draft moves nobody.
    expect(await ben.page.getByTestId('summary-down').innerText()).toBe('↓ 0 down');
    expect(await handle(ana.page, 'gold').getAttribute('aria-valuenow')).toBe('68');

    // A drags the gold handle with the mouse to 75 % of the histogram's scale.
    const plot = await ana.page
      .locator('[data-testid="impact-panel"] [data-testid="histogram-plot"]')
      .boundingBox();
    const knob = await handle(ana.page, 'gold').locator('.histogram__knob').boundingBox();
    if (!plot || !knob) throw new Error('the histogram is not on screen');
    await ana.page.mouse.move(knob.x + knob.width / 2, knob.y + knob.height / 2);
    await ana.page.mouse.down();
    await ana.page.mouse.move(plot.x + plot.width * 0.75, knob.y + knob.height / 2, { steps: 24 });
    // Mid-drag, as A sees it (saveScreenshot moves the mouse away, which would be part of the drag).
    await ana.page.screenshot({ path: join(screenshotDir, 'impact-1-dragging.png'), animations: 'disabled' });
    await ana.page.mouse.up();
    const gold = Number(await handle(ana.page, 'gold').getAttribute('aria-valuenow'));
    expect(gold).toBeGreaterThanOrEqual(74);
    expect(gold).toBeLessThanOrEqual(76);
    expect(gold * 2).toBe(Math.round(gold * 2)); // dragged cut-offs snap to 0.5 %

    const expected = goldToSilver(gold);
    expect(expected.length).toBeGreaterThan(0);

    // B: the tiers panel shows A's threshold, and the matrix shows the golds that become silver.
    await eventually(
      'B’s tiers panel to show the new gold threshold',
      () => tierPercent(ben.page, 'gold').inputValue(),
      (value) => value === String(gold),
    );
    await eventually(
      'B’s matrix to show gold → silver',
      async () =>
        (await cell(ben.page, 'gold', 'silver').count()) > 0
          ? cell(ben.page, 'gold', 'silver').getAttribute('data-count')
          : null,
      (count) => count === String(expected.length),
    );
    await cell(ben.page, 'gold', 'silver').click();
    const listed = await ben.page
      .locator('[data-testid="impact-panel"] [data-testid="applicant-row"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-applicant') ?? '').sort());
    expect(listed).toEqual(expected);
    // Why it moved: the first one's cause is A's threshold change, alone.
    await ben.page.locator('[data-testid="applicant-row"]').first().click();
    expect(await ben.page.getByTestId('why-cause').first().innerText()).toMatch(
      new RegExp(`^gold threshold 68→${gold} %\\s*−1 tier$`),
    );
    await saveScreenshot(ben.page, 'impact-2-collaborator-matrix');

    // B exports the table: the CSV holds the moved applicants, gold before and silver after.
    const [download] = await Promise.all([
      ben.page.waitForEvent('download'),
      ben.page.getByTestId('impact-csv').click(),
    ]);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(
      /^applicant id,name,cycle,baseline points,baseline percent,baseline tier,draft points/,
    );
    const exported = lines.slice(1).map((line) => line.split(',')[0] ?? '');
    expect([...exported].sort()).toEqual(expected);
    for (const line of lines.slice(1)) expect(line).toMatch(/,Gold,.*,Silver,.*,down,/);
    expect(download.suggestedFilename()).toMatch(/^what-works-cities-3\.1-vs-3\.0-impact\.csv$/);

    // The drag is one undo step of A's: one Ctrl+Z puts gold back at 68 for both.
    await waitForConnection(ana.page, ['saved']);
    expect(
      (await draftOnServer(ana, session.server)).content.tiers.find((tier) => tier.id === 'gold')?.minPercent,
    ).toBe(gold);
    await ana.page.keyboard.press('Control+z');
    await eventually(
      'B to see the undo',
      () => tierPercent(ben.page, 'gold').inputValue(),
      (value) => value === '68',
    );
    await eventually(
      'B’s matrix to have no gold → silver cell',
      () => cell(ben.page, 'gold', 'silver').count(),
      (count) => count === 0,
    );

    console.log(
      `[I4] in-browser edit-to-render (doc update → React commit of the new preview)\n` +
        `  A, own drag edits: ${await timings(ana)}\n` +
        `  B, A's edits arriving from the server: ${await timings(ben)}`,
    );
  });

  it('[I3] cut-off handles work from the keyboard; the full-screen view shows the same preview', async () => {
    const ana = await member('Ana Ruiz');
    await openDraft(ana, session.server);
    await openImpact(ana);
    await handle(ana.page, 'platinum').focus();
    await ana.page.keyboard.press('ArrowRight');
    await ana.page.keyboard.press('Shift+ArrowRight');
    await eventually(
      'platinum to be 91',
      () => handle(ana.page, 'platinum').getAttribute('aria-valuenow'),
      (value) => value === '91',
    );
    await ana.page.keyboard.press('ArrowLeft');
    await eventually(
      'platinum to be 90',
      () => handle(ana.page, 'platinum').getAttribute('aria-valuenow'),
      (value) => value === '90',
    );
    await ana.page.getByTestId('impact-full-screen').click();
    await ana.page.waitForURL(/\/drafts\/what-works-cities-draft\/impact$/);
    await ana.page.locator('[data-testid="impact-panel"][data-layout="full"][data-ready="true"]').waitFor();
    // New York City (88.37 %), Phoenix (86.05 %) and applicant-031 fall below 90 %; Tempe (90.70 %) does not.
    await eventually(
      'the full-screen matrix to show platinum → gold',
      async () =>
        (await cell(ana.page, 'platinum', 'gold').count()) > 0
          ? cell(ana.page, 'platinum', 'gold').getAttribute('data-count')
          : null,
      (count) => count === '3',
    );
    await ana.page.getByTestId('moved-only').check();
    expect(
      (
        await ana.page
          .getByTestId('applicant-row')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-applicant')))
      ).sort(),
    ).toEqual(['applicant-031', 'new-york-city', 'phoenix']);
    await saveScreenshot(ana.page, 'impact-3-full-screen');
    // The panel stays open after a reload: its state is remembered.
    await ana.page.getByTestId('impact-back').click();
    await ana.page.reload();
    await ana.page.locator('[data-testid="impact-panel"][data-layout="aside"][data-ready="true"]').waitFor();
  });

  it('[F6][I1] a cohort CSV with problems is refused with each problem by row and column; a fixed one joins the preview', async () => {
    const ana = await member('Ana Ruiz');
    await openDraft(ana, session.server);
    await openImpact(ana);
    await ana.page.getByTestId('impact-import').click();
    const dialog = ana.page.getByTestId('cohort-import');
    await dialog.waitFor();
    const bad = [
      'id,name,population,DM1,DM2,LC1',
      'austin,"Austin, TX",979000,yes,update-method;x,1',
      'boise,Boise,lots,1,,0',
    ].join('\n');
    await dialog.getByTestId('cohort-text').fill(bad);
    await dialog.getByTestId('cohort-cycle').fill('2025');
    await dialog.getByTestId('cohort-submit').click();
    await dialog.getByTestId('cohort-problems').waitFor();
    // The browser logs the refusal (422) as a failed request: expected here, so not a page error.
    ana.errors.splice(
      0,
      ana.errors.length,
      ...ana.errors.filter((error) => !error.includes('status of 422')),
    );
    const problems = await dialog.getByTestId('cohort-problem').allInnerTexts();
    expect(problems).toEqual([
      expect.stringMatching(/^row 2, column DM2: unknown checklist item "x" of DM2/) as unknown,
      'row 3, column population: expected a whole number, got "lots"',
    ]);
    await saveScreenshot(ana.page, 'impact-4-import-problems');
    const files = await ana.page.request.get(`${session.server.url}/api/assessments`);
    expect(((await files.json()) as { cycle: string }[]).map((file) => file.cycle)).not.toContain('2025');

    await dialog.getByTestId('cohort-text').fill(bad.replace(';x', '').replace('lots', '237000'));
    await dialog.getByTestId('cohort-submit').click();
    await dialog.getByTestId('cohort-imported').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await eventually(
      'the preview to include the imported cohort',
      () => ana.page.locator('[data-testid="impact-panel"] .impact__subtitle').innerText(),
      (text) => text.includes('279 applicants'),
    );
  });
});
