import { z } from 'zod';
import { Slug, VersionLabel } from '../core/standard.ts';

/**
 * `POST /api/assessments` (issue 7): a past cohort, as an assessment file (F5, JSON) or as CSV. The file's
 * text travels as a string so its own syntax errors can be reported. Parsed by server/api/cohort-routes.ts,
 * sent by src/ui/impact/CohortImportDialog.tsx.
 */
export const CohortImportBody = z.discriminatedUnion('format', [
  z.strictObject({ format: z.literal('json'), text: z.string(), standard: Slug.optional() }),
  z.strictObject({
    format: z.literal('csv'),
    text: z.string(),
    standard: Slug,
    version: VersionLabel,
    cycle: z.string().trim().min(1, 'name the cycle, e.g. 2025'),
    synthetic: z.boolean().optional(),
  }),
]);
export type CohortImportBody = z.output<typeof CohortImportBody>;

/** 201 of `POST /api/assessments`. */
export interface CohortImportReply {
  readonly standard: string;
  readonly version: string;
  readonly cycle: string;
  readonly applicants: number;
}
