import type { Response } from './assessment.ts';
import type { Problem } from './problems.ts';
import type { Criterion, Standard } from './standard.ts';

/**
 * One criterion's response in the form scoring reads (S2, S7), after any translation across versions (L2–L3).
 *
 * - `bool`: the criterion's met status as answered (on a checklist criterion too: L2 carries a boolean as is).
 * - `items`: checklist item ids known to be met and item ids whose status is unknown (items added to the
 *   checklist after the responses were recorded); every other item of the checklist is known not met.
 *   Both lists hold distinct ids of the criterion's checklist.
 *
 * A criterion with no entry is unassessed.
 */
export type CriterionResponse =
  | { readonly kind: 'bool'; readonly met: boolean }
  | { readonly kind: 'items'; readonly met: readonly string[]; readonly unknown: readonly string[] };

/** Responses keyed by criterion id of the version they are scored against. */
export type TranslatedResponses = ReadonlyMap<string, CriterionResponse>;

/** The three states a criterion's own response can leave it in, before prerequisites (S3) are applied. */
export type ResponseStatus = 'met' | 'not-met' | 'unknown';

/**
 * Reads responses recorded against `standard` itself (no translation): an `{items}` response means the
 * listed items are met and every other item is not. Responses naming criteria or items the standard does
 * not have are left out; `checkRecordedResponses` reports them.
 */
export function fromRecordedResponses(
  standard: Standard,
  responses: Readonly<Record<string, Response>>,
): TranslatedResponses {
  const translated = new Map<string, CriterionResponse>();
  for (const criterion of standard.criteria) {
    if (!Object.hasOwn(responses, criterion.id)) continue;
    const response = responses[criterion.id];
    if (typeof response === 'boolean') {
      translated.set(criterion.id, { kind: 'bool', met: response });
    } else if (response && criterion.checklist) {
      const items = new Set(criterion.checklist.items.map((item) => item.id));
      const met = [...new Set(response.items)].filter((id) => items.has(id));
      translated.set(criterion.id, { kind: 'items', met, unknown: [] });
    }
  }
  return translated;
}

/**
 * Whether a response alone meets its criterion (S2), before prerequisites: a boolean as answered; an item
 * response when at least `minMet` items are met, not met when even the unknown items could not reach
 * `minMet`, otherwise unknown.
 */
export function responseStatus(
  response: CriterionResponse | undefined,
  criterion: Criterion,
): ResponseStatus {
  if (!response) return 'unknown';
  if (response.kind === 'bool') return response.met ? 'met' : 'not-met';
  const minMet = criterion.checklist?.minMet ?? 1;
  if (response.met.length >= minMet) return 'met';
  return response.met.length + response.unknown.length >= minMet ? 'unknown' : 'not-met';
}

/**
 * Lists responses that cannot be read against `standard` (F6): unknown criteria, an item response on a
 * criterion without a checklist, unknown checklist items. `path` locates the responses object, e.g.
 * `applicants.2.responses`.
 */
export function checkRecordedResponses(
  standard: Standard,
  responses: Readonly<Record<string, Response>>,
  path: string,
): Problem[] {
  const criteria = new Map(standard.criteria.map((criterion) => [criterion.id, criterion]));
  const where = `${standard.id} ${standard.version}`;
  const problems: Problem[] = [];
  for (const [id, response] of Object.entries(responses)) {
    const criterion = criteria.get(id);
    if (!criterion) {
      problems.push({ path: `${path}.${id}`, message: `criterion "${id}" is not in ${where}` });
      continue;
    }
    if (typeof response === 'boolean') continue;
    if (!criterion.checklist) {
      problems.push({
        path: `${path}.${id}`,
        message: `criterion "${id}" has no checklist in ${where}; answer true or false`,
      });
      continue;
    }
    const items = criterion.checklist.items.map((item) => item.id);
    response.items.forEach((itemId, index) => {
      if (!items.includes(itemId)) {
        problems.push({
          path: `${path}.${id}.items.${index}`,
          message: `item "${itemId}" is not in the checklist of "${id}" in ${where} (items: ${items.join(', ')})`,
        });
      }
    });
  }
  return problems;
}
