import { z } from 'zod';

/**
 * The value schemas the standard's fields are made of (F2–F4): codes, slugs, labels, dates, percents.
 * The record field tables (`standard-records.ts`) compose them into records.
 */

/** Lower-case slug used for standard and tier ids. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lower-case slug such as "open-data"');

/** The form of a code: a letter or digit, then letters, digits, `.`, `_` or `-`. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * A code: a criterion code, checklist item id, area or part id; stable across versions, e.g. `DM1`,
 * `DG1.a`, or an area coded as the standard itself codes it (`SS`, `WE`, `data-governance`).
 */
export const Code = z
  .string()
  .regex(CODE_PATTERN, 'expected a code of letters, digits, ".", "_" or "-", such as "DM1"');

/** A version label, also the file name: `standards/<id>/<version>.json`. */
export const VersionLabel = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'expected a version label such as "3.0" (letters, digits, ".", "_", "-")',
  );

export const IsoDate = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

export const NonEmptyText = z.string().trim().min(1, 'must not be empty');

/** At most two decimals, compared on the integer number of hundredths (S5 uses the same rounding). */
export const Percent = z
  .number()
  .min(0)
  .max(100)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, 'at most 2 decimals');

export const LINEAGE_RELATIONS = ['same', 'reworded', 'split', 'merged', 'new'] as const;
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

export const STANDARD_STATUSES = ['draft', 'comment', 'published', 'retired'] as const;
export type StandardStatus = (typeof STANDARD_STATUSES)[number];
