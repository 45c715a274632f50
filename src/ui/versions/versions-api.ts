import { toCanonicalJson } from '../../core/canonical-json.ts';
import { type Standard, parseStandard } from '../../core/standard.ts';
import { ApiError, type DraftSummary, type VersionSummary, request } from '../shell/api-client.ts';

/**
 * The version and draft-file endpoints as the browser uses them (V1–V3): history, starting a draft,
 * importing a file, publishing, exporting. Published versions never change, so each is fetched once.
 */

/** A row of `GET /api/standards/:id/versions`, with the publishing member's name. */
export interface VersionEntry extends VersionSummary {
  /** The member's name, or null for versions imported from files. */
  readonly authorName: string | null;
}

/** `GET /api/drafts/:id`: the draft as it stands and what is wrong with it (C5). */
export interface DraftDetail extends DraftSummary {
  readonly content: Standard;
  readonly problems: readonly string[];
  /** The state the server read the draft at (H6): publishing names it, and is refused if the draft moved on. */
  readonly state: string;
}

export interface StartedDraft extends DraftSummary {
  /** The version label the new draft proposes. */
  readonly version: string;
}

export type ImportReply =
  | { readonly as: 'version'; readonly standard: string; readonly version: string; readonly sha256: string }
  | {
      readonly as: 'draft';
      readonly standard: string;
      readonly version: string;
      readonly draft: { readonly id: string; readonly title: string; readonly basedOn: string | null };
      readonly problems: readonly string[];
    };

export interface PublishRequest {
  readonly version: string;
  readonly status: 'published' | 'comment';
  readonly effective?: { readonly from: string; readonly until?: string };
  /** The {@link DraftDetail.state} the chair reviewed. */
  readonly reviewed: string;
  /** Publish even with no changes since the version the draft is based on. */
  readonly force?: boolean;
}

export interface PublishReply {
  readonly standard: string;
  readonly version: string;
  readonly status: string;
  readonly sha256: string;
  /** Where the draft moved on to: based on the new version, proposing the next label. */
  readonly draft: { readonly basedOn: string; readonly version: string };
}

/** The `reason` of a 409 from publishing (`server/api/publish-routes.ts`). */
export const PUBLISH_CONFLICT = { draftChanged: 'draft-changed', noChanges: 'no-changes' } as const;

const path = encodeURIComponent;

export const versionsApi = {
  history: (standardId: string) =>
    request<VersionEntry[]>('GET', `/api/standards/${path(standardId)}/versions`),
  draft: (draftId: string) => request<DraftDetail>('GET', `/api/drafts/${path(draftId)}`),
  startDraft: (body: { standard: string; fromVersion: string; title: string }) =>
    request<StartedDraft>('POST', '/api/drafts', body),
  importFile: (body: { as: 'version' | 'draft'; text: string; standard?: string; title?: string }) =>
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
