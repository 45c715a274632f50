import type { Response } from './assessment.ts';
import { type Checked, ok, refused } from './problems.ts';
import {
  type CriterionResponse,
  type TranslatedResponses,
  fromRecordedResponses,
  responseStatus,
} from './responses.ts';
import type { Criterion, Standard } from './standard.ts';

/**
 * How responses recorded against one version reach a target version (L1): the recorded version, then
 * every version on the `basedOn` chain up to the target, oldest first. Plan once, apply per applicant.
 */
export interface TranslationPlan {
  /** The version the responses were recorded against. */
  readonly recorded: Standard;
  /** `[recorded, …, target]`; a single entry when no translation is needed. */
  readonly path: readonly Standard[];
}

/**
 * Finds the `basedOn` path from `target` back to `recordedVersion` (L1). Refuses, naming the versions, when
 * the chain ends or leaves the versions given before reaching it, loops, or passes through another standard.
 * `versions` maps version labels to the standard's other versions; the target itself need not be in it.
 */
export function planTranslation(
  recordedVersion: string,
  target: Standard,
  versions: ReadonlyMap<string, Standard>,
): Checked<TranslationPlan> {
  const newestFirst: Standard[] = [target];
  const seen = new Set<string>([target.version]);
  let current = target;
  while (current.version !== recordedVersion) {
    const walked = newestFirst.map((version) => version.version).join(' → ');
    const parentVersion = current.basedOn;
    if (parentVersion === null) {
      return noPath(
        `no lineage path from ${target.id} ${recordedVersion} to ${target.version}: the basedOn chain ` +
          `${walked} ends without reaching ${recordedVersion}. Responses can only be carried forward, to a ` +
          `version derived from the one they were recorded against`,
      );
    }
    if (seen.has(parentVersion)) {
      return noPath(`basedOn forms a cycle in ${target.id}: ${walked} → ${parentVersion}`);
    }
    const parent = versions.get(parentVersion);
    if (!parent) {
      return noPath(
        `no lineage path from ${target.id} ${recordedVersion} to ${target.version}: version ` +
          `"${parentVersion}" (basedOn of ${current.version}) is not among the versions given; add its file ` +
          `(standards/${target.id}/${parentVersion}.json) to the versions folder`,
      );
    }
    if (parent.id !== target.id) {
      return noPath(`version "${parentVersion}" given for ${target.id} belongs to standard "${parent.id}"`);
    }
    seen.add(parentVersion);
    newestFirst.push(parent);
    current = parent;
  }
  const path = newestFirst.reverse();
  return ok({ recorded: current, path });
}

/** Carries one applicant's recorded responses along a plan's path, one version step at a time (L2–L4). */
export function applyTranslation(
  plan: TranslationPlan,
  recorded: Readonly<Record<string, Response>>,
): TranslatedResponses {
  let responses = fromRecordedResponses(plan.recorded, recorded);
  for (let step = 1; step < plan.path.length; step++) {
    const source = plan.path[step - 1];
    const target = plan.path[step];
    if (source && target) responses = translateStep(source, target, responses);
  }
  return responses;
}

/**
 * Translates responses recorded against `recordedVersion` to `target` (L1–L4); `versions` holds the
 * standard's other versions by label. Recorded against the target itself, they are read as they are.
 */
export function translateResponses(
  recorded: Readonly<Record<string, Response>>,
  recordedVersion: string,
  target: Standard,
  versions: ReadonlyMap<string, Standard>,
): Checked<TranslatedResponses> {
  const plan = planTranslation(recordedVersion, target, versions);
  return plan.ok ? ok(applyTranslation(plan.value, recorded)) : plan;
}

/** One `basedOn` step: responses against `source` become responses against `target`, which is based on it. */
function translateStep(
  source: Standard,
  target: Standard,
  responses: TranslatedResponses,
): TranslatedResponses {
  const sourceCriteria = new Map(source.criteria.map((criterion) => [criterion.id, criterion]));
  const translated = new Map<string, CriterionResponse>();
  for (const criterion of target.criteria) {
    const lineage = criterion.lineage;
    // L4: no lineage, or `new`, leaves the criterion unassessed; a source with no successor is dropped.
    if (!lineage || lineage.relation === 'new') continue;
    const sources = lineage.from.map((id) => sourceCriteria.get(id));
    const [onlySource] = sources;
    const carried =
      lineage.relation === 'merged'
        ? mergeResponses(sources, responses)
        : sources.length === 1 && onlySource
          ? carryResponse(onlySource, criterion, responses)
          : undefined;
    if (carried) translated.set(criterion.id, carried);
  }
  return translated;
}

/** L2: the target takes its single source's response; item responses follow the target's checklist. */
function carryResponse(
  source: Criterion,
  target: Criterion,
  responses: TranslatedResponses,
): CriterionResponse | undefined {
  const response = responses.get(source.id);
  if (!response || response.kind === 'bool') return response;
  if (!target.checklist) {
    const status = responseStatus(response, source);
    return status === 'unknown' ? undefined : { kind: 'bool', met: status === 'met' };
  }
  const sourceItems = new Set(source.checklist?.items.map((item) => item.id));
  const met = new Set(response.met);
  const unknown = new Set(response.unknown);
  const targetItems = target.checklist.items.map((item) => item.id);
  return {
    kind: 'items',
    met: targetItems.filter((id) => met.has(id)),
    // Items the source checklist did not have were never asked about (S7 treats them as unknown).
    unknown: targetItems.filter((id) => unknown.has(id) || !sourceItems.has(id)),
  };
}

/**
 * L3: met when every source's own response is met, not met when any is not met, else unassessed.
 * Prerequisites are deliberately ignored here; the target version applies its own (S3).
 */
function mergeResponses(
  sources: ReadonlyArray<Criterion | undefined>,
  responses: TranslatedResponses,
): CriterionResponse | undefined {
  let allMet = sources.length > 0;
  for (const source of sources) {
    const status = source ? responseStatus(responses.get(source.id), source) : 'unknown';
    if (status === 'not-met') return { kind: 'bool', met: false };
    if (status === 'unknown') allMet = false;
  }
  return allMet ? { kind: 'bool', met: true } : undefined;
}

function noPath(message: string): Checked<never> {
  return refused([{ path: '', message }]);
}
