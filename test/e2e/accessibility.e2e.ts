import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  type Member,
  WWC_DRAFT,
  draftOnServer,
  eventually,
  openCriterion,
  openDraft,
  projectRoot,
} from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

const WWC = 'what-works-cities';

/** The WCAG 2.1 A and AA rules of axe-core: what Section 508 and EN 301 549 ask of a web app. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

let axeSourceText: string | undefined;
/** axe-core's browser build, read once from node_modules. */
function axeSource(): string {
  axeSourceText ??= readFileSync(join(projectRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
  return axeSourceText;
}

/** One axe-core finding, flattened to what a reader needs to find it: one line per offending node. */
interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  readonly target: string;
  readonly summary: string;
}

/**
 * Runs axe-core (from npm, injected into the page) with the WCAG 2.1 A/AA rules on the whole page as it is
 * now, and returns every violating node, whatever its impact.
 */
async function axeFindings(page: Page): Promise<AxeFinding[]> {
  // Let the last render and any transition settle, so axe sees the colours a member sees.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  // The app's Content-Security-Policy (script-src 'self') refuses the inline <script> that
  // page.addScriptTag writes; evaluating the same file through the DevTools protocol is not subject to
  // it, so the page keeps the policy members get while axe runs inside it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  return page.evaluate(
    async (tags) => {
      interface AxeResult {
        violations: {
          id: string;
          impact: string | null;
          help: string;
          nodes: { target: unknown[]; failureSummary?: string }[];
        }[];
      }
      const axe = (
        window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResult> } }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.flatMap((violation) =>
        violation.nodes.map((node) => ({
          rule: violation.id,
          impact: violation.impact ?? 'unknown',
          target: node.target.map(String).join(' '),
          summary: (node.failureSummary ?? violation.help).replace(/\s+/g, ' ').trim(),
        })),
      );
    },
    [...WCAG_21_AA],
  );
}

/** The findings as lines a failing test prints: rule, impact, where, and what axe says is wrong. */
function describeFindings(findings: readonly AxeFinding[]): string[] {
  return findings.map(
    (finding) => `${finding.rule} (${finding.impact}) at ${finding.target}: ${finding.summary}`,
  );
}

async function expectNoViolations(page: Page): Promise<void> {
  expect(describeFindings(await axeFindings(page))).toEqual([]);
}

async function openImpact(who: Member): Promise<void> {
  if ((await who.page.getByTestId('impact-toggle').getAttribute('aria-pressed')) !== 'true') {
    await who.page.getByTestId('impact-toggle').click();
  }
  await who.page.locator('[data-testid="impact-panel"][data-ready="true"]').waitFor();
}

/** The element that has focus, described for a failure message: test id, or tag, name and classes. */
async function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const testId = element.getAttribute('data-testid');
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? '';
    return `${element.tagName.toLowerCase()}${testId ? `[data-testid=${testId}]` : ''}${
      element.classList.length > 0 ? `.${[...element.classList].join('.')}` : ''
    } "${name}"`;
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element is inside `selector`, as a keyboard user
 * would; fails with every stop it passed when the target is never reached. Returns the number of presses.
 */
async function tabTo(page: Page, selector: string, direction: 'forward' | 'backward' = 'forward') {
  const stops: string[] = [];
  for (let presses = 1; presses <= 150; presses++) {
    await page.keyboard.press(direction === 'forward' ? 'Tab' : 'Shift+Tab');
    const reached = await page.evaluate(
      (wanted) =>
        document.activeElement?.closest(wanted) !== null && document.activeElement !== document.body,
      selector,
    );
    if (reached) return presses;
    stops.push(await focusedElement(page));
  }
  throw new Error(`Tab never reached ${selector}; it stopped at:\n${stops.join('\n')}`);
}

/**
 * Whether the focused element looks different from when it is not focused (WCAG 2.4.7): its box, with a
 * margin for rings, is captured focused and blurred and the pixels compared; focus is then put back.
 */
async function focusIsVisible(page: Page): Promise<boolean> {
  const box = await page.evaluate(() => {
    const rect = (document.activeElement as Element).getBoundingClientRect();
    return { x: rect.x - 6, y: rect.y - 6, width: rect.width + 12, height: rect.height + 12 };
  });
  const clip = { ...box, x: Math.max(0, box.x), y: Math.max(0, box.y) };
  const focusedPixels = await page.screenshot({ clip, animations: 'disabled' });
  await page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    (window as unknown as { __refocus?: HTMLElement }).__refocus = element;
    element.blur();
  });
  const blurredPixels = await page.screenshot({ clip, animations: 'disabled' });
  await page.evaluate(() => (window as unknown as { __refocus: HTMLElement }).__refocus.focus());
  return !focusedPixels.equals(blurredPixels);
}

/** Asserts that the focused element is inside `selector` and that a sighted keyboard user can see it. */
async function expectVisibleFocus(page: Page, what: string): Promise<void> {
  expect({ what, visible: await focusIsVisible(page) }).toEqual({ what, visible: true });
}

/**
 * Issue 13's accessibility check: every screen a signed-in member reaches reports no violation of
 * axe-core's WCAG 2.1 A/AA rules, so no later screen regresses unnoticed.
 */
describe('every screen meets WCAG 2.1 AA (axe-core)', () => {
  const session = useE2eSession();

  it('[WCAG] the home page', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await chair.page.getByTestId('account-name').waitFor();
    await expectNoViolations(chair.page);
  });

  it('[WCAG] the editor with a criterion open', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await openDraft(chair, session.server);
    await openCriterion(chair.page, 'DM2');
    await expectNoViolations(chair.page);
  });

  it('[WCAG] the editor with the impact panel open', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await openDraft(chair, session.server);
    await openImpact(chair);
    await expectNoViolations(chair.page);
  });

  it('[WCAG] the editor’s tiers and standard panels, and the publish dialog', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await openDraft(chair, session.server);
    await chair.page.getByTestId('tab-tiers').click();
    await chair.page.getByTestId('tier-min-percent').first().waitFor();
    await expectNoViolations(chair.page);
    await chair.page.getByTestId('tab-settings').click();
    await chair.page.locator('main[aria-label="Standard settings"]').waitFor();
    await expectNoViolations(chair.page);
    await chair.page.getByTestId('publish-open').click();
    await chair.page.getByTestId('publish-dialog').waitFor();
    await expectNoViolations(chair.page);
  });

  it('[WCAG] the full-screen impact preview with the cohorts list open', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await chair.page.goto(`${session.server.url}/drafts/${WWC_DRAFT}/impact`);
    await chair.page.locator('[data-testid="impact-panel"][data-ready="true"]').waitFor();
    await chair.page.getByTestId('impact-cohorts').click();
    await chair.page.getByTestId('impact-cohort').first().waitFor();
    await expectNoViolations(chair.page);
  });

  it('[WCAG] a standard’s versions page', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await chair.page.goto(`${session.server.url}/standards/${WWC}`);
    await chair.page.getByTestId('version-item').first().waitFor();
    await expectNoViolations(chair.page);
  });

  it('[WCAG] the diff of 2.0 → 3.0 with a cohort’s impact', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await chair.page.goto(`${session.server.url}/standards/${WWC}/diff?from=2.0&to=3.0`);
    await chair.page.getByTestId('change-list').waitFor();
    await chair.page.getByTestId('cohort-select').selectOption('2021');
    await chair.page.getByTestId('impact-result').waitFor();
    await expectNoViolations(chair.page);
    // Grouped by area, with a statement's redline unfolded: insertions and deletions keep their contrast too.
    await chair.page.getByTestId('group-by-area').click();
    const statement = chair.page.locator('[data-testid="change"][data-change-id="criterion-statement:DM2"]');
    await statement.getByTestId('change-toggle').click();
    await statement.getByTestId('redline').waitFor();
    await expectNoViolations(chair.page);
  });

  it('[WCAG] keyboard only: open a criterion, edit its statement and points, move a cut-off and publish', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    const { page } = chair;
    await openDraft(chair, session.server);
    const presses: Record<string, number> = {};

    // The impact preview, from the top bar.
    presses['impact toggle'] = await tabTo(page, '[data-testid="impact-toggle"]');
    await expectVisibleFocus(page, 'impact toggle');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="impact-panel"][data-ready="true"]').waitFor();

    // The outline: Tab lands on the open criterion, the arrow keys walk the list and open each one.
    presses['outline'] = await tabTo(page, '[data-testid="outline-row"] .outline-row__main');
    await expectVisibleFocus(page, 'outline row');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid="criterion-panel"][data-code="DM3"]').waitFor();
    expect(await focusedElement(page)).toContain('DM3');

    // The points (above the statement, as on screen): select what is there and type over it.
    presses['points'] = await tabTo(page, '[data-testid="criterion-points"]');
    await expectVisibleFocus(page, 'points');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7');

    // The statement: type at its end.
    presses['statement'] = await tabTo(page, '[data-testid="statement-editor"]');
    await expectVisibleFocus(page, 'statement editor');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Reviewed every year.');

    // The gold cut-off in the impact preview: two steps up with the arrow keys.
    const gold = '[data-testid="impact-panel"] [data-testid="cutoff-handle"][data-tier-id="gold"]';
    presses['gold cut-off'] = await tabTo(page, gold);
    await expectVisibleFocus(page, 'gold cut-off');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await eventually(
      'the gold cut-off to move two steps',
      () => page.locator(gold).getAttribute('aria-valuenow'),
      (now) => now === '70',
    );

    // Publish, back up in the top bar. The dialog keeps focus inside until it closes, then gives it back.
    presses['publish (backwards)'] = await tabTo(page, '[data-testid="publish-open"]', 'backward');
    await expectVisibleFocus(page, 'publish button');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('publish-dialog');
    await dialog.waitFor();
    const insideDialog = () =>
      page.evaluate(() => document.activeElement?.closest('[data-testid="publish-dialog"]') !== null);
    expect(await insideDialog()).toBe(true);
    for (let n = 0; n < 12; n++) {
      await page.keyboard.press('Tab');
      const inside = await insideDialog();
      expect({ step: n, inside, focused: inside ? '' : await focusedElement(page) }).toEqual({
        step: n,
        inside: true,
        focused: '',
      });
    }
    presses['publish submit'] = await tabTo(page, '[data-testid="publish-submit"]');
    await expectVisibleFocus(page, 'publish submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('publish-done').waitFor();
    expect(await focusedElement(page)).toContain('publish-close');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toContain('publish-open');

    const onServer = await draftOnServer(chair, session.server);
    const dm3 = onServer.content.criteria.find((criterion) => criterion.id === 'DM3');
    expect(dm3?.statement).toMatch(/Reviewed every year\.$/);
    expect(dm3?.points).toBe(7);
    expect(onServer.content.tiers.find((tier) => tier.id === 'gold')?.minPercent).toBe(70);
    const versions = await page.request.get(`${session.server.url}/api/standards/${WWC}/versions`);
    expect(((await versions.json()) as { version: string }[]).map((version) => version.version)).toContain(
      '3.1',
    );
    console.info(`keyboard path, Tab presses to each stop: ${JSON.stringify(presses)}`);
  });

  it('[C5][WCAG] a gold minimum below silver’s is marked invalid, with the reason tied to the field', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    const { page } = chair;
    await openDraft(chair, session.server);
    await page.getByTestId('tab-tiers').click();
    const gold = page.locator('[data-testid="tier-min-percent"][data-tier-id="gold"]');
    await gold.waitFor();
    const state = () =>
      gold.evaluate((input) => {
        const describedBy = input.getAttribute('aria-describedby');
        return {
          invalid: input.getAttribute('aria-invalid'),
          description: describedBy
            ? describedBy
                .split(' ')
                .map((id) => document.getElementById(id)?.textContent?.trim() ?? `(no element #${id})`)
                .join(' ')
            : null,
          border: getComputedStyle(input).borderColor,
        };
      });
    const valid = await state();
    expect(valid).toMatchObject({ invalid: 'false', description: null });

    await gold.fill('40');
    // Red (the danger colour) even while the member is still typing in it.
    const invalid = await eventually(
      'gold to be marked invalid',
      state,
      (now) => now.invalid === 'true' && now.border === 'rgb(200, 30, 30)',
    );
    expect(invalid.description).toMatch(/^Minimum score 40 is lower than 51 in the tier below \("silver"\)/);
    const problem = page.locator('[data-testid="tier-min-percent-problem"][data-tier-id="gold"]');
    expect(await problem.isVisible()).toBe(true);
    await expectNoViolations(page);

    await gold.fill('68');
    const fixed = await eventually('gold to be valid again', state, (now) => now.invalid === 'false');
    expect(fixed.description).toBeNull();
    expect(fixed.border).not.toBe('rgb(200, 30, 30)');
    expect(await problem.count()).toBe(0);
  });

  it('[WCAG] the members page', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await chair.page.goto(`${session.server.url}/members`);
    await chair.page.getByTestId('member-table').waitFor();
    await expectNoViolations(chair.page);
  });
});
