/**
 * The two sides of a diff as the URL names them (`?from=2.0&to=3.0`): a version label, or
 * `draft:<draftId>` for a live draft.
 */

export type DiffSideRef =
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'draft'; readonly draftId: string };

const DRAFT_PREFIX = 'draft:';

export function parseSide(value: string): DiffSideRef {
  return value.startsWith(DRAFT_PREFIX)
    ? { kind: 'draft', draftId: value.slice(DRAFT_PREFIX.length) }
    : { kind: 'version', version: value };
}

export const draftSide = (draftId: string): string => `${DRAFT_PREFIX}${draftId}`;

/**
 * `from` and `to` of a query string; a missing side defaults to the newest version (`to`) and the
 * version before it (`from`), given versions newest first.
 */
export function sidesFromSearch(
  search: string,
  newestFirst: readonly string[],
): { from: string; to: string } | undefined {
  const params = new URLSearchParams(search);
  const to = params.get('to') ?? newestFirst[0];
  const from = params.get('from') ?? newestFirst.find((version) => version !== to);
  return from === undefined || to === undefined ? undefined : { from, to };
}
