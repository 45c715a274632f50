import type { Standard, Tier } from '../standard.ts';
import type { PendingChange } from './criterion-changes.ts';
import type { CriterionPairing } from './criterion-pairing.ts';
import { redline } from './redline.ts';
import type { ChangeDetail } from './standard-change.ts';

/**
 * Changes to what applies to the whole standard (D1): title, notes, eligibility, part coverage and the tier
 * rules. Tiers pair by id; required criteria are compared through the criterion pairing, so a required
 * criterion that was only recoded is no change.
 */
export function ruleChanges(older: Standard, newer: Standard, pairing: CriterionPairing): PendingChange[] {
  const changes: PendingChange[] = [];
  const whole = (detail: ChangeDetail, key = '') =>
    changes.push({ detail, key, area: null, criteria: { before: [], after: [] } });

  if (older.title !== newer.title) whole({ kind: 'standard-title', before: older.title, after: newer.title });
  const notesBefore = older.notes ?? null;
  const notesAfter = newer.notes ?? null;
  if (notesBefore !== notesAfter) {
    whole({
      kind: 'standard-notes',
      before: notesBefore,
      after: notesAfter,
      redline: redline(notesBefore ?? '', notesAfter ?? ''),
    });
  }
  const populationBefore = older.eligibility.minPopulation;
  const populationAfter = newer.eligibility.minPopulation;
  if (populationBefore !== populationAfter) {
    whole({ kind: 'eligibility-min-population', before: populationBefore, after: populationAfter });
  }
  if (older.partCoveragePercent !== newer.partCoveragePercent) {
    whole({
      kind: 'part-coverage-percent',
      before: older.partCoveragePercent,
      after: newer.partCoveragePercent,
    });
  }

  const olderTiers = new Map(older.tiers.map((tier) => [tier.id, tier]));
  const newerIds = new Set(newer.tiers.map((tier) => tier.id));
  for (const tier of older.tiers) {
    if (!newerIds.has(tier.id)) {
      changes.push({
        detail: { kind: 'tier-removed', tier },
        key: tier.id,
        area: null,
        criteria: { before: tier.requiredCriteria, after: [] },
      });
    }
  }
  for (const tier of newer.tiers) {
    const before = olderTiers.get(tier.id);
    if (before) changes.push(...tierChanges(before, tier, pairing));
    else {
      changes.push({
        detail: { kind: 'tier-added', tier },
        key: tier.id,
        area: null,
        criteria: { before: [], after: tier.requiredCriteria },
      });
    }
  }
  return changes;
}

function tierChanges(before: Tier, after: Tier, pairing: CriterionPairing): PendingChange[] {
  const tier = after.id;
  const changes: PendingChange[] = [];
  const push = (detail: ChangeDetail, criteria: PendingChange['criteria'] = { before: [], after: [] }) =>
    changes.push({ detail, key: tier, area: null, criteria });

  if (before.name !== after.name)
    push({ kind: 'tier-renamed', tier, before: before.name, after: after.name });
  // Compared in hundredths, as scoring does (S5): 66.67 and 66.670000001 are the same threshold.
  if (Math.round(before.minPercent * 100) !== Math.round(after.minPercent * 100)) {
    push({ kind: 'tier-min-percent', tier, before: before.minPercent, after: after.minPercent });
  }
  if (before.requireCore !== after.requireCore) {
    push({ kind: 'tier-require-core', tier, before: before.requireCore, after: after.requireCore });
  }
  const required = new Set(after.requiredCriteria);
  const carried = new Set(before.requiredCriteria.flatMap((id) => pairing.successors.get(id) ?? []));
  const added = after.requiredCriteria.filter((id) => !carried.has(id));
  const removed = before.requiredCriteria.filter(
    (id) => !(pairing.successors.get(id) ?? []).some((next) => required.has(next)),
  );
  if (added.length > 0) {
    push({ kind: 'tier-required-added', tier, required: added }, { before: [], after: added });
  }
  if (removed.length > 0) {
    push({ kind: 'tier-required-removed', tier, required: removed }, { before: removed, after: [] });
  }
  const partsBefore = before.minPartsCovered ?? 0;
  const partsAfter = after.minPartsCovered ?? 0;
  if (partsBefore !== partsAfter) {
    push({ kind: 'tier-min-parts-covered', tier, before: partsBefore, after: partsAfter });
  }
  return changes;
}
