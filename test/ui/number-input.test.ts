import { describe, expect, it } from 'vitest';
import { formatNumberInput, parseNumberInput } from '../../src/ui/fields/number-input.ts';

describe('number fields', () => {
  it('[F4] accepts percentages with at most two decimals within 0–100', () => {
    const percent = { min: 0, max: 100, decimals: 2 };
    expect(parseNumberInput('66.67', percent)).toEqual({ ok: true, value: 66.67 });
    expect(parseNumberInput(' 70 ', percent)).toEqual({ ok: true, value: 70 });
    expect(parseNumberInput('70.', percent)).toEqual({ ok: true, value: 70 });
    expect(parseNumberInput('66.667', percent)).toEqual({ ok: false, message: 'At most 2 decimals' });
    expect(parseNumberInput('101', percent)).toEqual({ ok: false, message: 'At most 100' });
    expect(parseNumberInput('-1', percent)).toEqual({ ok: false, message: 'At least 0' });
  });

  it('[F3] points and populations are whole numbers; separators are ignored', () => {
    expect(parseNumberInput('30,000', { integer: true, min: 0 })).toEqual({ ok: true, value: 30000 });
    expect(parseNumberInput('1.5', { integer: true })).toEqual({ ok: false, message: 'Use a whole number' });
    expect(parseNumberInput('abc', {})).toEqual({ ok: false, message: 'Not a number' });
    expect(parseNumberInput('.', {})).toEqual({ ok: false, message: 'Not a number' });
    expect(parseNumberInput('1e3', {})).toEqual({ ok: false, message: 'Not a number' });
  });

  it('[F4] an empty optional field means absent; an empty required one is not saved', () => {
    expect(parseNumberInput('', { optional: true })).toEqual({ ok: true, value: undefined });
    expect(parseNumberInput('', {})).toEqual({ ok: false, message: 'Enter a number' });
    expect(formatNumberInput(undefined)).toBe('');
    expect(formatNumberInput(51)).toBe('51');
  });
});
