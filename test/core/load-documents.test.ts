import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectKind, jsonSyntaxErrorOffset, parseJsonText } from '../../src/core/load-documents.ts';

describe('parseJsonText', () => {
  it('[F6] valid JSON text is parsed, a leading byte-order mark ignored', () => {
    expect(parseJsonText('{"kind": "standard", "points": [1, 2]}')).toEqual({
      ok: true,
      value: { kind: 'standard', points: [1, 2] },
    });
    expect(parseJsonText('\uFEFF{"kind": "assessments"}')).toEqual({
      ok: true,
      value: { kind: 'assessments' },
    });
  });

  it('[F6] a syntax error V8 places by position is reported as line and column', () => {
    const trailingComma = '{\n  "id": "civic-data",\n  "version": "2.0",\n}\n';
    expect(parseJsonText(trailingComma)).toEqual({
      ok: false,
      problems: [{ path: '', message: 'line 4, column 1: Expected double-quoted property name' }],
    });
  });

  it('[F6] an unexpected token, which V8 does not place, is still reported as line and column', () => {
    const singleQuotes = '{\n  "id": "civic-data",\n  "version": \'2.0\'\n}';
    expect(parseJsonText(singleQuotes)).toEqual({
      ok: false,
      problems: [{ path: '', message: "line 3, column 14: Unexpected token '''" }],
    });
  });

  it('[F6] text that ends too early is reported at its last position', () => {
    expect(parseJsonText('{\n  "id": \n')).toEqual({
      ok: false,
      problems: [{ path: '', message: 'line 3, column 1: Unexpected end of JSON input' }],
    });
    expect(parseJsonText('')).toEqual({
      ok: false,
      problems: [{ path: '', message: 'line 1, column 1: Unexpected end of JSON input' }],
    });
  });

  it('[F6] Windows line endings count as one line break', () => {
    expect(parseJsonText('{\r\n  "a": 1\r\n  "b": 2\r\n}')).toEqual({
      ok: false,
      problems: [{ path: '', message: "line 3, column 3: Expected ',' or '}' after property value" }],
    });
  });
});

describe('jsonSyntaxErrorOffset', () => {
  // V8 is the reference: wherever its message gives a position, the scanner must find the same one;
  // where it names an unexpected token without a position, the scanner must point at that token.
  it('[F6] agrees with V8 on where broken JSON breaks (seeded fuzz, seed 20250101)', () => {
    const brokenJson = fc
      .tuple(
        fc.json({ maxDepth: 3 }),
        fc.nat(),
        fc.constantFrom('insert', 'delete', 'replace'),
        fc.constantFrom(...'{}[]:,"\\ \n0-.eEtfnul\u0001x\''),
      )
      .map(([text, at, edit, char]) => {
        const position = at % (text.length + 1);
        if (edit === 'insert') return text.slice(0, position) + char + text.slice(position);
        if (edit === 'delete') return text.slice(0, position) + text.slice(position + 1);
        return text.slice(0, position) + char + text.slice(position + 1);
      });
    fc.assert(
      fc.property(brokenJson, (text) => {
        const offset = jsonSyntaxErrorOffset(text);
        let v8Message: string | undefined;
        try {
          JSON.parse(text);
        } catch (error) {
          v8Message = (error as SyntaxError).message;
        }
        if (v8Message === undefined) return offset === undefined;
        const position = /JSON at position (\d+)/.exec(v8Message)?.[1];
        if (position !== undefined) return offset === Number(position);
        if (v8Message.startsWith('Unexpected end of JSON input')) return offset === text.length;
        const token = /^Unexpected token '([\s\S])'/.exec(v8Message)?.[1];
        return token !== undefined && offset !== undefined && text[offset] === token;
      }),
      { seed: 20250101, numRuns: 5000 },
    );
  });
});

describe('detectKind', () => {
  it('[F2] [F5] the kind field decides whether a document is a standard or assessments', () => {
    expect(detectKind({ kind: 'standard' })).toBe('standard');
    expect(detectKind({ kind: 'assessments' })).toBe('assessments');
    expect(detectKind({ kind: 'standards' })).toBeUndefined();
    expect(detectKind({})).toBeUndefined();
    expect(detectKind([{ kind: 'standard' }])).toBeUndefined();
    expect(detectKind('standard')).toBeUndefined();
    expect(detectKind(null)).toBeUndefined();
  });
});
