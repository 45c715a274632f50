import { z } from 'zod';
import { IsoDate, Slug, type Standard, VersionLabel } from '../core/standard.ts';

/**
 * The standards, versions and drafts part of the REST API (V2, V3, H6): request bodies as zod schemas
 * the server parses with (server/api/version-routes.ts, publish-routes.ts), and the replies the browser
 * reads (src/ui/versions, src/ui/shell).
 */

/** `POST /api/drafts`: start a draft from any version. */
export const NewDraftBody = z.strictObject({
  standard: Slug,
  fromVersion: z.string().min(1, 'name the version to start from'),
  title: z.string().trim().min(1, 'give the draft a title, e.g. "2025 proposal A"'),
});

/** What an imported `standards/` file becomes. */
export const IMPORT_TARGETS = ['version', 'draft'] as const;

/** `POST /api/imports`: a `standards/` file as a version or a draft. */
export const StandardImportBody = z.strictObject({
  as: z.enum(IMPORT_TARGETS),
  /** The file's text, as the browser read it. */
  text: z.string().min(1, 'the file is empty'),
  standard: Slug.optional(),
  title: z.string().trim().min(1).optional(),
});

/** `POST /api/drafts/:id/publish`. */
export const PublishBody = z.strictObject({
  version: VersionLabel.optional(),
  status: z.enum(['published', 'comment']).default('published'),
  effective: z.strictObject({ from: IsoDate, until: IsoDate.optional() }).optional(),
  /** The draft state the chair reviewed (`state` of `GET /api/drafts/:id`, H6). */
  reviewed: z.string().regex(/^[0-9a-f]{64}$/, 'expected the draft state the dialog showed (64 hex digits)'),
  /** Publish even when nothing changed since the version the draft is based on. */
  force: z.boolean().default(false),
});
/** A publish request as the browser sends it (defaults left to the server). */
export type PublishRequest = z.input<typeof PublishBody>;

/** Why a publish was refused with 409, for the dialog to offer the way on. */
export const PUBLISH_CONFLICTS = {
  /** The draft is not in the state the chair reviewed: review again. */
  draftChanged: 'draft-changed',
  /** Nothing changed since the basedOn version: publish only if the chair insists (`force`). */
  noChanges: 'no-changes',
} as const;

/** `GET /api/standards`. */
export interface StandardSummary {
  readonly id: string;
  readonly title: string;
  readonly latestVersion: string;
  readonly versionCount: number;
}

/** `GET /api/standards/:id/versions`. */
export interface VersionSummary {
  readonly version: string;
  readonly basedOn: string | null;
  readonly status: string;
  readonly author: string;
  readonly publishedAt: string;
  readonly sha256: string;
  readonly criteria: number;
}

/** One row of a standard's version history. */
export interface VersionEntry extends VersionSummary {
  /** The member's name, or null for versions imported from files. */
  readonly authorName: string | null;
}

/** `GET /api/drafts`. */
export interface DraftSummary {
  readonly id: string;
  readonly standard: string;
  readonly title: string;
  readonly basedOn: string | null;
}

/** `GET /api/drafts/:id`. */
export interface DraftDetail extends DraftSummary {
  readonly content: Standard;
  readonly problems: readonly string[];
  /** The state the server read the draft at (H6): publishing names it, and is refused if the draft moved on. */
  readonly state: string;
}

/** `POST /api/drafts`. */
export interface StartedDraft extends DraftSummary {
  /** The version label the new draft proposes. */
  readonly version: string;
}

/** `POST /api/imports`. */
export type ImportReply =
  | { readonly as: 'version'; readonly standard: string; readonly version: string; readonly sha256: string }
  | {
      readonly as: 'draft';
      readonly standard: string;
      readonly version: string;
      readonly draft: { readonly id: string; readonly title: string; readonly basedOn: string | null };
      readonly problems: readonly string[];
    };

/** `POST /api/drafts/:id/publish`. */
export interface PublishReply {
  readonly standard: string;
  readonly version: string;
  readonly status: string;
  readonly sha256: string;
  /** Where the draft moved on to: based on the new version, proposing the next label. */
  readonly draft: { readonly basedOn: string; readonly version: string };
}
