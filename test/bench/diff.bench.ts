import { diffStandards } from '../../src/core/diff/standard-diff.ts';
import { type Standard, type StandardInput, parseStandard } from '../../src/core/standard.ts';
import { measureMedianMs, report } from './measure.ts';

/**
 * D1–D2: the diff of two 200-criterion versions, the newer based on the older. About 30% of the criteria
 * change, in every way a committee changes them: statements reworded (the costly part: each is redlined),
 * titles, points, prerequisites, checklists, codes changed through lineage, splits, merges, additions,
 * removals, moves between areas; and the tier thresholds. Seeded, so every run diffs the same pair.
 */
const CRITERIA = 200;
const AREAS = 8;
const WORDS = (
  'the city data evidence department residents program performance goals measure publish review leaders ' +
  'budget contract vendor outcome quality inventory policy open portal training staff analysis decisions ' +
  'regularly least once quarter year community partners share track results report with and for of to'
).split(' ');

/** mulberry32: small, fast and good enough for synthetic data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(random: () => number, words: number): string {
  const picked = Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'data');
  return `${picked.join(' ')}.`;
}

/** Replaces a few words of a statement and inserts a clause: what a committee's rewording looks like. */
function reword(random: () => number, statement: string): string {
  const words = statement.slice(0, -1).split(' ');
  for (let edits = 2 + Math.floor(random() * 4); edits > 0; edits--) {
    words[Math.floor(random() * words.length)] = WORDS[Math.floor(random() * WORDS.length)] ?? 'data';
  }
  words.splice(Math.floor(random() * words.length), 0, ...sentence(random, 6).slice(0, -1).split(' '));
  return `${words.join(' ')}.`;
}

function olderVersion(random: () => number): StandardInput {
  const areas = Array.from({ length: AREAS }, (_, i) => ({ id: `area-${i + 1}`, name: `Area ${i + 1}` }));
  const criteria: StandardInput['criteria'] = Array.from({ length: CRITERIA }, (_, i) => {
    const id = `C${i + 1}`;
    return {
      id,
      title: `Criterion ${id}: ${sentence(random, 4).slice(0, -1)}`,
      statement: sentence(random, 40 + Math.floor(random() * 40)),
      area: areas[Math.floor((i * AREAS) / CRITERIA)]?.id ?? 'area-1',
      points: 1 + Math.floor(random() * 3),
      core: i % 25 === 0,
      prerequisites: i > 0 && random() < 0.2 ? [`C${1 + Math.floor(random() * i)}`] : [],
      ...(i % 6 === 0
        ? {
            checklist: {
              items: Array.from({ length: 4 }, (_, j) => ({ id: `${id}.${j}`, text: sentence(random, 10) })),
              minMet: 3,
            },
          }
        : {}),
      evidence: [sentence(random, 8)],
    };
  });
  return {
    kind: 'standard',
    schemaVersion: 2,
    id: 'synthetic',
    title: 'Synthetic standard',
    version: '1',
    basedOn: null,
    status: 'published',
    eligibility: { minPopulation: 30000 },
    areas,
    criteria,
    tiers: [
      { id: 'silver', name: 'Silver', minPercent: 51 },
      { id: 'gold', name: 'Gold', minPercent: 67, requireCore: true },
      { id: 'platinum', name: 'Platinum', minPercent: 84, requireCore: true, requiredCriteria: ['C1'] },
    ],
  };
}

/** Version 2: every criterion carried over (`same`), then about 30% of them changed. */
function newerVersion(random: () => number, older: StandardInput): StandardInput {
  const criteria: StandardInput['criteria'] = [];
  older.criteria.forEach((criterion, i) => {
    const carried: StandardInput['criteria'][number] = {
      ...criterion,
      lineage: { from: [criterion.id], relation: 'same' },
    };
    const roll = random();
    if (roll < 0.12) carried.statement = reword(random, criterion.statement);
    else if (roll < 0.15) carried.title = `${criterion.title} (revised)`;
    else if (roll < 0.18) carried.points = criterion.points + 1;
    else if (roll < 0.2) carried.area = older.areas[Math.floor(random() * AREAS)]?.id ?? criterion.area;
    else if (roll < 0.22 && carried.checklist) carried.checklist = { ...carried.checklist, minMet: 4 };
    else if (roll < 0.25) {
      carried.id = `R${i + 1}`;
      carried.lineage = { from: [criterion.id], relation: 'reworded' };
      carried.statement = reword(random, criterion.statement);
    } else if (roll < 0.26) {
      criteria.push({ ...carried, id: `S${i + 1}a`, lineage: { from: [criterion.id], relation: 'split' } });
      carried.id = `S${i + 1}b`;
      carried.lineage = { from: [criterion.id], relation: 'split' };
    } else if (roll < 0.28)
      return; // removed
    else if (roll < 0.3) {
      criteria.push({
        id: `N${i + 1}`,
        title: `New criterion ${i + 1}`,
        statement: sentence(random, 50),
        area: criterion.area,
        points: 2,
        lineage: { from: [], relation: 'new' },
      });
    }
    criteria.push(carried);
  });
  // Prerequisites and required criteria must name criteria that still exist under the same code.
  const ids = new Set(criteria.map((criterion) => criterion.id));
  for (const criterion of criteria) {
    criterion.prerequisites = (criterion.prerequisites ?? []).filter((id) => ids.has(id));
  }
  return {
    ...older,
    version: '2',
    basedOn: '1',
    status: 'draft',
    criteria,
    tiers: older.tiers.map((tier) => (tier.id === 'gold' ? { ...tier, minPercent: 70 } : tier)),
  };
}

function parsed(input: StandardInput): Standard {
  const result = parseStandard(input);
  if (!result.ok) throw new Error(`synthetic standard is invalid: ${JSON.stringify(result.problems[0])}`);
  return result.value;
}

export default function diffBenchmark(): void {
  const random = seededRandom(20250611);
  const olderInput = olderVersion(random);
  const older = parsed(olderInput);
  const newer = parsed(newerVersion(random, olderInput));
  report(
    'diff-200',
    measureMedianMs(() => diffStandards(older, newer), { warmup: 20, runs: 51 }),
    'ms',
  );
  const changes = diffStandards(older, newer).changes.length;
  report('diff-200-changes', changes, 'changes');
}
