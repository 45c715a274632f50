import type { z } from 'zod';
import { toCanonicalJson } from '../../core/canonical-json.ts';
import { type Standard, parseStandard } from '../../core/standard.ts';
import {
  type DraftDetail,
  type ImportReply,
  PUBLISH_CONFLICTS,
  type PublishReply,
  type PublishRequest,
  type StartedDraft,
  type VersionEntry,
  type VersionSummary,
  type NewDraftBody,
  type StandardImportBody,
} from '../../api/versions-contract.ts';
import { ApiError, request } from '../shell/api-client.ts';

export type { DraftDetail, ImportReply, PublishReply, PublishRequest, StartedDraft, VersionEntry };
/** Why a publish was refused with 409 (the server's `reason`). */
export const PUBLISH_CONFLICT = PUBLISH_CONFLICTS;

/**
 * The version and draft-file endpoints as the browser uses them (V1–V3): history, starting a draft,
 * importing a file, publishing, exporting. Published versions never change, so each is fetched once.
 */

/** A row of `GET /api/standards/:id/versions`, with the publishing member's name. */
const path = encodeURIComponent;

export const versionsApi = {
  history: (standardId: string) =>
    request<VersionEntry[]>('GET', `/api/standards/${path(standardId)}/versions`),
  draft: (draftId: string) => request<DraftDetail>('GET', `/api/drafts/${path(draftId)}`),
  startDraft: (body: z.input<typeof NewDraftBody>) => request<StartedDraft>('POST', '/api/drafts', body),
  importFile: (body: z.input<typeof StandardImportBody>) =>
    request<ImportReply>('POST', '/api/imports', body),
  publish: (draftId: string, body: PublishRequest) =>
    request<PublishReply>('POST', `/api/drafts/${path(draftId)}/publish`, body),
  /** The draft as a `standards/` file (canonical JSON); refused with the problems that prevent it. */
  exportDraft: async (draftId: string): Promise<string> =>
    toCanonicalJson(await request<unknown>('GET', `/api/drafts/${path(draftId)}/export`)),
} as const;

/** Where a published version's file is downloaded from (the server sends the stored bytes). */
export const versionFileUrl = (standardId: string, version: string): string =>
  `/api/standards/${path(standardId)}/versions/${path(version)}`;

const versionCache = new Map<string, Promise<Standard>>();

/** A published version, parsed; fetched once per page load (published versions never change, V1). */
export function loadVersion(standardId: string, version: string): Promise<Standard> {
  const key = JSON.stringify([standardId, version]);
  let pending = versionCache.get(key);
  if (!pending) {
    pending = request<unknown>('GET', versionFileUrl(standardId, version)).then((raw) => {
      const parsed = parseStandard(raw);
      if (!parsed.ok)
        throw new ApiError(500, `version ${version} of ${standardId} does not read as a standard`);
      return parsed.value;
    });
    pending.catch(() => versionCache.delete(key));
    versionCache.set(key, pending);
  }
  return pending;
}

/** Every published version of a standard by label, for composing lineage and translating responses. */
export async function loadAllVersions(
  standardId: string,
  entries: readonly VersionSummary[],
): Promise<Map<string, Standard>> {
  const loaded = await Promise.all(entries.map((entry) => loadVersion(standardId, entry.version)));
  return new Map(loaded.map((standard) => [standard.version, standard]));
}
