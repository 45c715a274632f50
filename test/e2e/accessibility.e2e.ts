import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Member, WWC_DRAFT, openCriterion, openDraft, projectRoot } from './browser-harness.ts';
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

  it('[WCAG] the members page', async () => {
    const chair = await session.member('Chair Cleo', 'chair');
    await chair.page.goto(`${session.server.url}/members`);
    await chair.page.getByTestId('member-table').waitFor();
    await expectNoViolations(chair.page);
  });
});
