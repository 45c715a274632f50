import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AssessmentFile, parseAssessments } from '../../src/core/assessment.ts';
import { toCanonicalJson } from '../../src/core/canonical-json.ts';
import { draftFromVersion } from '../../src/core/draft-from-version.ts';
import { createImpactEngine } from '../../src/core/impact/impact-engine.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';
import { WORKER_APPLICANTS } from '../../src/ui/impact/impact-worker-protocol.ts';
import { eventually, openDraft, projectRoot } from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

const folder = join(projectRoot, 'standards/what-works-cities');
const read = (name: string): unknown => JSON.parse(readFileSync(join(folder, name), 'utf8'));

function parsed<T>(checked: { ok: true; value: T } | { ok: false; problems: unknown }): T {
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.value;
}

const COPIES = 40;

/**
 * A registry larger than the main thread scores within a frame: the seeded 2024 cohort's synthetic
 * responses, copied 40 times under new ids (a test fixture, labelled synthetic; never seeded).
 */
function largeRegistry(): AssessmentFile {
  const cohort = parsed(parseAssessments(read('assessments/2024.json')));
  return {
    ...cohort,
    cycle: 'registry',
    synthetic: true,
    notes: `SYNTHETIC test registry: the 2024 cohort's synthetic responses copied ${COPIES} times.`,
    applicants: Array.from({ length: COPIES }, (_, copy) =>
      cohort.applicants.map((applicant) => ({
        ...applicant,
        id: `${applicant.id}-copy-${copy + 1}`,
        name: `${applicant.name} (copy ${copy + 1})`,
        awarded: undefined,
      })),
    ).flat(),
  };
}

/** The oracle, in Node: how many move from gold to silver with gold at `goldPercent` (3.1 draft against 3.0). */
function goldToSilver(registry: AssessmentFile, goldPercent: number): number {
  const versions = new Map<string, Standard>(
    ['1.0', '2.0', '3.0'].map((label) => [label, parsed(parseStandard(read(`${label}.json`)))]),
  );
  const cohorts = ['2018', '2019', '2021', '2024'].map((cycle) =>
    parsed(parseAssessments(read(`assessments/${cycle}.json`))),
  );
  const v3 = versions.get('3.0') as Standard;
  const engine = parsed(createImpactEngine({ baseline: v3, versions, cohorts: [...cohorts, registry] }));
  const draft = draftFromVersion(v3, '3.1');
  const preview = parsed(
    engine.preview({
      ...draft,
      tiers: draft.tiers.map((tier) => (tier.id === 'gold' ? { ...tier, minPercent: goldPercent } : tier)),
    }),
  );
  return preview.rows.filter((row) => row.baseline.tier === 'gold' && row.draft.tier === 'silver').length;
}

describe('the impact preview of a large registry in Chromium', () => {
  const session = useE2eSession();

  it('[I4] is scored in a worker, and follows an edit of the gold threshold exactly', async () => {
    const registry = largeRegistry();
    expect(registry.applicants.length).toBeGreaterThan(WORKER_APPLICANTS);
    await session.server.server.store.assessments.putAssessmentFile({
      standardId: registry.standard,
      cycle: registry.cycle,
      json: toCanonicalJson(registry),
    });
    const expected = goldToSilver(registry, 75);
    expect(expected).toBeGreaterThan(COPIES);

    const ana = await session.member('Ana Ruiz');
    await openDraft(ana, session.server);
    await ana.page.getByTestId('impact-toggle').click();
    const panel = ana.page.locator('[data-testid="impact-panel"][data-ready="true"]');
    await panel.waitFor();
    expect(await panel.getAttribute('data-scoring')).toBe('worker');
    expect(await ana.page.getByTestId('summary-down').innerText()).toBe('↓ 0 down');

    await ana.page.getByTestId('tab-tiers').click();
    const gold = ana.page.locator('[data-testid="tier-min-percent"][data-tier-id="gold"]');
    await gold.fill('75');
    await gold.press('Enter');
    const cell = ana.page.locator('[data-testid="matrix-cell"][data-from="gold"][data-to="silver"]');
    await eventually(
      'the matrix to count the golds that become silver',
      async () => ((await cell.count()) > 0 ? cell.getAttribute('data-count') : null),
      (count) => count === String(expected),
    );
    expect(await ana.page.getByTestId('impact-timing').innerText()).toMatch(/^updated in /);
  });
});
