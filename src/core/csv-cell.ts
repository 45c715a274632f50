/**
 * Writing CSV (RFC 4180) that is safe to open in a spreadsheet (H7). Every CSV the app writes goes through
 * {@link csvCell} and {@link csvRecord}, so no column can be forgotten.
 *
 * Text cells that a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, tab or CR —
 * get a leading `'` and are quoted (OWASP's advice for untrusted cells), whatever column they are in: names,
 * tier names, tier ranges, causes, headers. A text cell `-3` is escaped too, since the app cannot tell
 * a typed "-3" from the start of `-3+cmd|…`.
 *
 * Numbers the app computes itself (points, percents, deltas, counts) are passed as numbers and stay numeric,
 * so a negative score delta is written `-3` and a spreadsheet can still sum the column: a finite JavaScript
 * number prints as digits, a sign, a point and an exponent only, which no spreadsheet reads as a formula.
 */

/** The characters a spreadsheet may take as the start of a formula (or of a DDE payload). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A number written with a fixed count of decimals, e.g. a percent as `72.73`. */
export interface FixedDecimals {
  readonly value: number;
  readonly decimals: number;
}

/** What a cell holds: text (escaped), or a number the app computed (kept numeric). */
export type CsvValue = string | number | FixedDecimals;

/**
 * One CSV cell. A string is escaped as described above, and quoted when it starts a formula or holds a
 * comma, a quote or a line break (inner quotes doubled). A number is written as digits (a non-finite one as
 * an empty cell).
 */
export function csvCell(value: CsvValue): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'object')
    return Number.isFinite(value.value) ? value.value.toFixed(value.decimals) : '';
  if (FORMULA_START.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line, CRLF-terminated, each value written by {@link csvCell}. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
