import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CutoffSolution,
  type CutoffTarget,
  type CutoffTargets,
  solveCutoffs,
} from '../../src/core/analysis/cutoff-solver.ts';
import type { Standard } from '../../src/core/standard.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './main.ts';
import { impactEngineForFiles } from './impact-command.ts';

/** `tierline solve --json` (X6); percents to 2 decimals. */
export type SolveJson =
  | {
      feasible: true;
      thresholds: Record<string, number>;
      down: number;
      up: number;
      shares: Record<string, number>;
    }
  | {
      feasible: false;
      binding: CutoffTarget[];
      bestAlone: Array<{ target: CutoffTarget; best: number }>;
    };

/**
 * `tierline solve BASE DRAFT ASSESSMENTS... [--max-down N] [--max-up N] [--max-share TIER=PCT]... [--json]`
 * (X6): the tier thresholds nearest DRAFT's that meet the targets against BASE (A3). Returns the exit code:
 * 0 with thresholds, 1 when none meet the targets (what binds is printed) or an input is refused.
 */
export function runSolve(args: readonly string[], io: CliIo, usage: string): number {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      'max-down': { type: 'string' },
      'max-up': { type: 'string' },
      'max-share': { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  const [baseFile, draftFile, ...assessmentFiles] = positionals;
  if (!baseFile || !draftFile || assessmentFiles.length === 0) {
    io.stderr(`tierline solve: expected BASE, DRAFT and at least one ASSESSMENTS file\n\n${usage}`);
    return 2;
  }
  const { engine, draft, locate } = impactEngineForFiles(
    resolve(io.cwd, baseFile),
    resolve(io.cwd, draftFile),
    assessmentFiles.map((file) => resolve(io.cwd, file)),
  );
  const targets = parseTargets(values, draft);
  if (Object.keys(targets).length === 0) {
    io.stderr(`tierline solve: give at least one target (--max-down, --max-up or --max-share)\n\n${usage}`);
    return 2;
  }
  const inputs = engine.cutoffInputs(draft);
  if (!inputs.ok) throw new CliError(locate(inputs.problems));
  const solution = solveCutoffs(inputs.value, targets);
  io.stdout(
    values.json ? `${JSON.stringify(toSolveJson(solution), null, 2)}\n` : formatSolution(draft, solution),
  );
  return solution.feasible ? 0 : 1;
}

function parseTargets(
  values: { 'max-down'?: string; 'max-up'?: string; 'max-share'?: string[] },
  draft: Standard,
): CutoffTargets {
  const count = (option: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value))
      throw new CliError(`tierline solve: --${option} expects a whole number of applicants, got "${value}"`);
    return Number(value);
  };
  const maxDown = count('max-down', values['max-down']);
  const maxUp = count('max-up', values['max-up']);
  const maxShare: Record<string, number> = {};
  for (const entry of values['max-share'] ?? []) {
    const match = /^([a-z0-9-]+)=(\d+(?:\.\d+)?)%?$/.exec(entry);
    if (!match)
      throw new CliError(
        `tierline solve: --max-share expects TIER=PERCENT such as platinum=10, got "${entry}"`,
      );
    const [, tier = '', percent = ''] = match;
    if (!draft.tiers.some((candidate) => candidate.id === tier)) {
      throw new CliError(
        `tierline solve: --max-share names tier "${tier}", which the draft does not have (tiers: ${draft.tiers.map((candidate) => candidate.id).join(', ')})`,
      );
    }
    if (Number(percent) > 100)
      throw new CliError(`tierline solve: --max-share ${entry}: a share is at most 100 %`);
    const earlier = maxShare[tier];
    if (earlier !== undefined && earlier !== Number(percent))
      throw new CliError(
        `tierline solve: --max-share ${tier}=${earlier} and ${entry} contradict each other; give each tier one share`,
      );
    maxShare[tier] = Number(percent);
  }
  return {
    ...(maxDown === undefined ? {} : { maxDown }),
    ...(maxUp === undefined ? {} : { maxUp }),
    ...(Object.keys(maxShare).length === 0 ? {} : { maxShare }),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const roundedRecord = (record: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, round2(value)]));

/** Exactly the X6 JSON. */
export function toSolveJson(solution: CutoffSolution): SolveJson {
  if (!solution.feasible) {
    return {
      feasible: false,
      binding: [...solution.binding],
      bestAlone: solution.bestAlone.map(({ target, best }) => ({ target, best: round2(best) })),
    };
  }
  return {
    feasible: true,
    thresholds: { ...solution.thresholds },
    down: solution.down,
    up: solution.up,
    shares: roundedRecord(solution.shares),
  };
}

function describeTarget(draft: Standard, target: CutoffTarget): string {
  if (target.kind === 'maxDown') return `at most ${target.limit} moving down`;
  if (target.kind === 'maxUp') return `at most ${target.limit} moving up`;
  const name = draft.tiers.find((tier) => tier.id === target.tier)?.name ?? target.tier;
  return `${name} share at most ${target.limit} %`;
}

/** The readable answer: each tier's threshold against the draft's, what it does, or what binds. */
export function formatSolution(draft: Standard, solution: CutoffSolution): string {
  if (!solution.feasible) {
    const best = solution.bestAlone.map(({ target, best: value }) => {
      const unit = target.kind === 'maxShare' ? ' %' : '';
      return `  ${describeTarget(draft, target)}: the best any thresholds reach alone is ${round2(value)}${unit}`;
    });
    return (
      `No tier thresholds meet every target. Binding: ${solution.binding.map((target) => describeTarget(draft, target)).join('; ')}.\n` +
      `${best.join('\n')}\n`
    );
  }
  const lines = draft.tiers.map((tier) => {
    const next = solution.thresholds[tier.id] ?? tier.minPercent;
    const change = next === tier.minPercent ? 'unchanged' : `was ${tier.minPercent.toFixed(2)} %`;
    const share = round2(solution.shares[tier.id] ?? 0).toFixed(2);
    return `  ${tier.name}: ${next.toFixed(2)} % (${change}); ${share} % of applicants`;
  });
  return (
    `Thresholds nearest the draft that meet the targets (moved ${round2(solution.moved).toFixed(2)} points in all):\n` +
    `${lines.join('\n')}\n${solution.down} move down, ${solution.up} move up against the baseline.\n`
  );
}
