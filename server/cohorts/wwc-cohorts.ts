import {
  type Applicant,
  type AssessmentFile,
  ASSESSMENT_SCHEMA_VERSION,
  type Response,
} from '../../src/core/assessment.ts';
import { scoreAssessmentFile } from '../../src/core/score-assessments.ts';
import { type Standard } from '../../src/core/standard.ts';
import { generateResponses, type ResponseProbe, type ResponseTarget } from './generate-responses.ts';
import { SeededRandom } from '../random/seeded-random.ts';

/**
 * The What Works Cities cohorts seeded into `standards/what-works-cities/assessments/`.
 *
 * Named cities and their tiers are public (wwc-facts.md); WWC never publishes per-criterion scores,
 * so every response is synthetic: generated here, reproducibly, to land each named city on its
 * published tier under the version its cycle used. Populations of named cities are rounded public
 * census estimates; everyone else is a neutral synthetic applicant.
 */

interface NamedCity {
  readonly id: string;
  readonly name: string;
  readonly population: number;
  /** Published tier id, or null for a city named on the honor roll (applied, not certified). */
  readonly awarded: string | null;
  readonly percent: number;
  readonly nearMiss?: boolean;
}

interface CohortPlan {
  readonly cycle: string;
  readonly version: string;
  readonly seed: number;
  readonly size: number;
  /** Synthetic applicants below the 30,000 population floor, to exercise eligibility (S4). */
  readonly ineligible: number;
  /** Mean and spread of the percent aimed at for synthetic applicants (all not certified). */
  readonly syntheticPercent: { readonly mean: number; readonly sd: number; readonly max: number };
  /**
   * Synthetic applicants certified at each tier (the rest are not certified). The published lists name
   * only some of each round's certified cities, so the others are stood in for by synthetic applicants.
   */
  readonly syntheticCertified?: Readonly<Record<string, number>>;
  readonly named: readonly NamedCity[];
  readonly notes: string;
}

const city = (
  id: string,
  name: string,
  population: number,
  awarded: string | null,
  percent: number,
  nearMiss = false,
): NamedCity => ({ id, name, population, awarded, percent, nearMiss });

export const WWC_COHORT_PLANS: readonly CohortPlan[] = [
  {
    cycle: '2018',
    version: '1.0',
    seed: 2018,
    size: 117,
    ineligible: 3,
    syntheticPercent: { mean: 40.5, sd: 8, max: 50 },
    named: [
      city('los-angeles', 'Los Angeles, CA', 3_990_000, 'gold', 64),
      city('boston', 'Boston, MA', 690_000, 'silver', 56),
      city('kansas-city', 'Kansas City, MO', 490_000, 'silver', 54),
      city('louisville', 'Louisville, KY', 620_000, 'silver', 56),
      city('new-orleans', 'New Orleans, LA', 390_000, 'silver', 52),
      city('san-diego', 'San Diego, CA', 1_420_000, 'silver', 54),
      city('san-francisco', 'San Francisco, CA', 880_000, 'silver', 52),
      city('seattle', 'Seattle, WA', 730_000, 'silver', 56),
      city('washington-dc', 'Washington, DC', 700_000, 'silver', 58),
      city('las-vegas', 'Las Vegas, NV', 640_000, null, 44, true),
      city('providence', 'Providence, RI', 180_000, null, 44, true),
      city('scottsdale', 'Scottsdale, AZ', 250_000, null, 42, true),
      city('south-bend', 'South Bend, IN', 102_000, null, 44, true),
      city('topeka', 'Topeka, KS', 127_000, null, 42, true),
    ],
    notes:
      'First certification round (announced January 2018), scored against the 2017 criteria (1.0). ' +
      'Published: Los Angeles gold; Boston, Kansas City, Louisville, New Orleans, San Diego, San Francisco, ' +
      'Seattle and Washington DC silver; no platinum; Las Vegas, Providence, Scottsdale, South Bend and Topeka ' +
      'on the honor roll. The cohort size (117) and the average of about 40% of a perfect score follow the ' +
      'published description.',
  },
  {
    cycle: '2019',
    version: '2.0',
    seed: 2019,
    size: 40,
    ineligible: 1,
    syntheticPercent: { mean: 40, sd: 9, max: 49 },
    syntheticCertified: { silver: 6, gold: 2 },
    named: [
      city('kansas-city', 'Kansas City, MO', 500_000, 'gold', 72),
      city('louisville', 'Louisville, KY', 620_000, 'gold', 70),
      city('washington-dc', 'Washington, DC', 700_000, 'gold', 74),
      city('arlington-tx', 'Arlington, TX', 400_000, 'silver', 56),
      city('memphis', 'Memphis, TN', 650_000, 'silver', 54),
      city('philadelphia', 'Philadelphia, PA', 1_580_000, 'silver', 58),
      city('scottsdale', 'Scottsdale, AZ', 255_000, 'silver', 56),
    ],
    notes:
      '2019 round, scored against the 2018 criteria (2.0). Published: Kansas City, Louisville and Washington DC ' +
      'moved from silver to gold; Arlington TX, Memphis, Philadelphia and Scottsdale certified silver. ' +
      'Other cities certified that round are stood in for by synthetic applicants; the cohort size is synthetic.',
  },
  {
    cycle: '2021',
    version: '2.0',
    seed: 2021,
    size: 60,
    ineligible: 1,
    syntheticPercent: { mean: 41, sd: 9, max: 49 },
    syntheticCertified: { silver: 8, gold: 3 },
    named: [
      city('austin', 'Austin, TX', 960_000, 'gold', 72),
      city('chattanooga', 'Chattanooga, TN', 182_000, 'gold', 70),
      city('detroit', 'Detroit, MI', 640_000, 'gold', 70),
      city('gilbert', 'Gilbert, AZ', 265_000, 'gold', 72),
      city('baton-rouge', 'Baton Rouge, LA', 225_000, 'silver', 54),
      city('bellevue', 'Bellevue, WA', 150_000, 'silver', 56),
      city('fort-collins', 'Fort Collins, CO', 170_000, 'silver', 58),
      city('glendale-az', 'Glendale, AZ', 250_000, 'silver', 54),
      city('irving', 'Irving, TX', 255_000, 'silver', 56),
      city('little-rock', 'Little Rock, AR', 200_000, 'silver', 54),
      city('madison', 'Madison, WI', 270_000, 'silver', 60),
      city('minneapolis', 'Minneapolis, MN', 430_000, 'silver', 60),
      city('norfolk', 'Norfolk, VA', 240_000, 'silver', 54),
      city('portland-or', 'Portland, OR', 650_000, 'silver', 58),
      city('san-antonio', 'San Antonio, TX', 1_430_000, 'silver', 62),
      city('syracuse', 'Syracuse, NY', 148_000, 'silver', 54),
    ],
    notes:
      '2021 round, scored against the 2018 criteria (2.0). Published: Austin, Chattanooga, Detroit and Gilbert ' +
      'gold; Baton Rouge, Bellevue, Fort Collins, Glendale AZ, Irving, Little Rock, Madison, Minneapolis, ' +
      'Norfolk, Portland OR, San Antonio and Syracuse silver. Other cities certified that round are stood in ' +
      'for by synthetic applicants; the cohort size is synthetic.',
  },
  {
    cycle: '2024',
    version: '3.0',
    seed: 2024,
    size: 60,
    ineligible: 1,
    syntheticPercent: { mean: 42, sd: 9, max: 49 },
    syntheticCertified: { silver: 14, gold: 10, platinum: 1 },
    named: [
      city('new-york-city', 'New York City, NY', 8_300_000, 'platinum', 88),
      city('phoenix', 'Phoenix, AZ', 1_650_000, 'platinum', 90),
      city('tempe', 'Tempe, AZ', 185_000, 'platinum', 88),
    ],
    notes:
      '2024 round, scored against the 2022 standard (3.0). Published: New York City certified platinum for the ' +
      'first time; Phoenix and Tempe moved up to platinum. Other results of the round are stood in for by ' +
      'synthetic applicants; the cohort size is synthetic.',
  },
];

const SYNTHETIC_NOTE =
  'SYNTHETIC RESPONSES. What Works Cities publishes only tiers, never per-criterion scores. Every response ' +
  'in this file was generated by server/cohorts/wwc-cohorts.ts (seeded, reproducible: `npm run seed:cohorts` ' +
  'rewrites it byte for byte) so that each named city lands on its published tier under this version. ' +
  'Named cities carry their published tier in `awarded` and a rounded public population estimate; ' +
  '"Applicant NNN" entries are neutral synthetic applicants, not real cities, and are unrelated across files.';

/** Builds every cohort file from its plan, against the standard version the cycle used. */
export function buildWwcCohorts(versions: ReadonlyMap<string, Standard>): Map<string, AssessmentFile> {
  const files = new Map<string, AssessmentFile>();
  for (const plan of WWC_COHORT_PLANS) {
    const standard = versions.get(plan.version);
    if (!standard) throw new Error(`standard version ${plan.version} is missing for cycle ${plan.cycle}`);
    files.set(plan.cycle, buildCohort(plan, standard, versions));
  }
  return files;
}

function buildCohort(
  plan: CohortPlan,
  standard: Standard,
  versions: ReadonlyMap<string, Standard>,
): AssessmentFile {
  const random = new SeededRandom(plan.seed);
  const header = {
    kind: 'assessments' as const,
    schemaVersion: ASSESSMENT_SCHEMA_VERSION,
    standard: standard.id,
    version: standard.version,
    cycle: plan.cycle,
    synthetic: true,
    notes: `${SYNTHETIC_NOTE}\n\n${plan.notes}`,
  };
  const probeFor =
    (population: number): ResponseProbe =>
    (responses) => {
      const applicant: Applicant = { id: 'probe', name: 'probe', population, responses };
      const scored = scoreAssessmentFile(standard, { ...header, applicants: [applicant] }, versions);
      if (!scored.ok) throw new Error(scored.problems.map((problem) => problem.message).join('; '));
      const result = scored.value[0]?.result;
      if (!result) throw new Error('probe scored no applicant');
      return { tier: result.tier, points: result.points };
    };

  const applicants: Applicant[] = [];
  const add = (
    id: string,
    name: string,
    population: number,
    target: ResponseTarget,
    awarded?: string | null,
  ) => {
    const responses: Record<string, Response> = generateResponses(
      standard,
      target,
      probeFor(population),
      random,
      `${plan.cycle} ${name}`,
    );
    applicants.push(
      awarded === undefined
        ? { id, name, population, responses }
        : { id, name, population, awarded, responses },
    );
  };

  for (const named of plan.named) {
    add(
      named.id,
      named.name,
      named.population,
      { tier: named.awarded, percent: named.percent, nearMiss: named.nearMiss ?? false },
      named.awarded,
    );
  }
  const syntheticCount = plan.size - plan.named.length;
  const certified = shuffled(
    Object.entries(plan.syntheticCertified ?? {}).flatMap(([tier, count]) => Array<string>(count).fill(tier)),
    syntheticCount - plan.ineligible,
    random,
  );
  for (let index = 1; index <= syntheticCount; index++) {
    const number = String(index).padStart(3, '0');
    const ineligible = index > syntheticCount - plan.ineligible;
    const population = ineligible ? random.int(12, 29) * 1000 : syntheticPopulation(random);
    const tier = ineligible ? undefined : certified[index - 1];
    const { mean, sd, max } = plan.syntheticPercent;
    const percent = tier
      ? percentWithin(standard, tier, random)
      : Math.round(random.normal(mean, sd, 8, max));
    add(`applicant-${number}`, `Applicant ${number}`, population, { tier: tier ?? null, percent });
  }
  return { ...header, applicants };
}

/** `items` spread at random over `length` slots (the other slots stay empty), deterministic for a seed. */
function shuffled(items: readonly string[], length: number, random: SeededRandom): (string | undefined)[] {
  const slots: (string | undefined)[] = [
    ...items,
    ...Array<undefined>(Math.max(0, length - items.length)).fill(undefined),
  ];
  for (let i = slots.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  return slots;
}

/** A percent inside a tier's band: above its cut-off, below the next tier's. */
function percentWithin(standard: Standard, tierId: string, random: SeededRandom): number {
  const index = standard.tiers.findIndex((tier) => tier.id === tierId);
  const low = standard.tiers[index]?.minPercent ?? 50;
  const high = standard.tiers[index + 1]?.minPercent ?? Math.min(100, low + 12);
  return Math.round(random.between(low + 1, high - 1));
}

/** Log-uniform between 32,000 and 900,000, rounded to the thousand: most applicants are mid-sized cities. */
function syntheticPopulation(random: SeededRandom): number {
  const low = Math.log(32_000);
  const high = Math.log(900_000);
  return Math.round(Math.exp(random.between(low, high)) / 1000) * 1000;
}
