/**
 * Canonical JSON for files kept in git: two-space indent, keys in the order the document was built
 * (schema order for standards), a trailing newline. Equal documents give byte-identical files, which
 * is what makes `sha256` of a published version and the file round trip (V3) meaningful.
 */
export function toCanonicalJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
