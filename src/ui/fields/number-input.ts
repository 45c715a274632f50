/**
 * Parsing what someone types into a number field. A value is only written to the draft when it is
 * one the file format accepts, so half-typed input ("7", "7.") never reaches other people as
 * nonsense, and the field shows why it is not saved yet.
 */

export interface NumberRules {
  readonly min?: number;
  readonly max?: number;
  /** Whole numbers only (points, minMet, population). */
  readonly integer?: boolean;
  /** At most this many decimals (percentages: 2). */
  readonly decimals?: number;
  /** An empty field means "absent" (minPartsCovered). */
  readonly optional?: boolean;
}

export type ParsedNumber =
  | { readonly ok: true; readonly value: number | undefined }
  | { readonly ok: false; readonly message: string };

/** Reads a typed number under `rules`; thousands separators and spaces are ignored. */
export function parseNumberInput(raw: string, rules: NumberRules): ParsedNumber {
  const text = raw.trim().replace(/[\s,_]/g, '');
  if (text === '')
    return rules.optional ? { ok: true, value: undefined } : { ok: false, message: 'Enter a number' };
  if (!/^-?\d*\.?\d*$/.test(text) || text === '.' || text === '-')
    return { ok: false, message: 'Not a number' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: 'Not a number' };
  if (rules.integer && !Number.isInteger(value)) return { ok: false, message: 'Use a whole number' };
  const decimals = text.includes('.') ? (text.split('.')[1] ?? '').length : 0;
  if (rules.decimals !== undefined && decimals > rules.decimals) {
    return { ok: false, message: `At most ${rules.decimals} decimals` };
  }
  if (rules.min !== undefined && value < rules.min) return { ok: false, message: `At least ${rules.min}` };
  if (rules.max !== undefined && value > rules.max) return { ok: false, message: `At most ${rules.max}` };
  return { ok: true, value };
}

/** How a stored value shows in its field. */
export function formatNumberInput(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}
