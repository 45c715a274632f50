import { ASSESSMENTS_SCHEMA_REFERENCE, type AssessmentFile } from './assessment.ts';
import { toCanonicalJson } from './canonical-json.ts';
import { STANDARD_SCHEMA_REFERENCE, type Standard } from './standard.ts';

/**
 * The bytes of the files users keep in `standards/` (F1): canonical JSON that opens with a `$schema`, so
 * that VS Code and other editors check and complete the file against the committed JSON Schema. A
 * `$schema` the document already carries is kept; otherwise it points at `standards/schema/` relative to
 * where the file lives.
 */

/** A version file, `standards/<id>/<version>.json`; also what a published version stores (V1). */
export function standardFileText(standard: Standard): string {
  const { $schema, ...content } = standard;
  return toCanonicalJson({ $schema: $schema ?? STANDARD_SCHEMA_REFERENCE, ...content });
}

/** An assessment file, `standards/<id>/assessments/<cycle>.json`. */
export function assessmentsFileText(file: AssessmentFile): string {
  const { $schema, ...content } = file;
  return toCanonicalJson({ $schema: $schema ?? ASSESSMENTS_SCHEMA_REFERENCE, ...content });
}
