import { type Checked, ok, refused } from './problems.ts';

/**
 * The first step of loading a file the user keeps in git: text → JSON value, with syntax errors placed
 * by line and column the way an editor shows them, and the document kind read from its `kind` field.
 * Pure: reading the file is the caller's business.
 */

/** The document kinds Tierline reads, as written in their `kind` field (F2, F5). */
export type DocumentKind = 'standard' | 'assessments';

const DOCUMENT_KINDS: readonly DocumentKind[] = ['standard', 'assessments'];

/**
 * Parses JSON text. A syntax error becomes one problem at the document root whose message starts with
 * where the text broke: `line 3, column 5: Expected double-quoted property name`.
 * A leading byte-order mark, which some editors write, is ignored.
 */
export function parseJsonText(text: string): Checked<unknown> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return ok(JSON.parse(source) as unknown);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const { offset, message } = locateSyntaxError(source, error.message);
    const { line, column } = lineAndColumnAt(source, offset);
    return refused([{ path: '', message: `line ${line}, column ${column}: ${message}` }]);
  }
}

/** The kind a parsed document declares, or `undefined` when it declares none Tierline knows. */
export function detectKind(raw: unknown): DocumentKind | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const kind = (raw as Record<string, unknown>)['kind'];
  return DOCUMENT_KINDS.find((known) => known === kind);
}

/**
 * 1-based line and column of a UTF-16 offset. `\r\n`, `\n` and a lone `\r` each end a line, as in editors.
 */
export function lineAndColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = 0; at < offset && at < text.length; at++) {
    const char = text[at];
    if (char === '\n' || (char === '\r' && text[at + 1] !== '\n')) {
      line++;
      lineStart = at + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where V8's JSON.parse failed and why, from its message. Most messages end in `at position N`
 * (newer V8 adds `(line L column C)`); "Unexpected end of JSON input" means the end of the text; the
 * "Unexpected token 'x', "…" is not valid JSON" family gives no position, so it is found by scanning.
 */
function locateSyntaxError(source: string, v8Message: string): { offset: number; message: string } {
  const positioned = /^([\s\S]*?)(?: in JSON)? at position (\d+)/.exec(v8Message);
  if (positioned?.[1] !== undefined && positioned[2] !== undefined) {
    return { offset: Number(positioned[2]), message: positioned[1] };
  }
  if (v8Message.startsWith('Unexpected end of JSON input')) {
    return { offset: source.length, message: 'Unexpected end of JSON input' };
  }
  // Drop the echo of the source text that follows the token: the line and column replace it.
  const unexpectedToken = /^(Unexpected token '[\s\S]'),/.exec(v8Message);
  return {
    offset: jsonSyntaxErrorOffset(source) ?? source.length,
    message: unexpectedToken?.[1] ?? v8Message,
  };
}

/** Thrown inside the scanner to unwind from any depth to the offset where the text broke. */
class JsonSyntaxErrorAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at offset ${offset}`);
  }
}

/**
 * The UTF-16 offset of the first character that cannot continue valid JSON (the text length when the
 * text ends too early), or `undefined` when the text is valid JSON (or nested too deeply to scan).
 * Agrees with the positions V8 reports; used where V8's message gives none.
 */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw new JsonSyntaxErrorAt(at);
  };
  const skipWhitespace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at++;
  };
  const expectChar = (char: string): void => {
    if (text.charAt(at) !== char) fail();
    at++;
  };
  const isDigit = (char: string): boolean => char >= '0' && char <= '9';
  const digits = (): void => {
    if (!isDigit(text.charAt(at))) fail();
    while (isDigit(text.charAt(at))) at++;
  };

  const number = (): void => {
    if (text.charAt(at) === '-') at++;
    if (text.charAt(at) === '0') at++;
    else digits();
    if (text.charAt(at) === '.') {
      at++;
      digits();
    }
    if (text.charAt(at) === 'e' || text.charAt(at) === 'E') {
      at++;
      if (text.charAt(at) === '+' || text.charAt(at) === '-') at++;
      digits();
    }
  };
  const string = (): void => {
    expectChar('"');
    for (;;) {
      if (at >= text.length) fail();
      const char = text.charAt(at);
      if (char === '"') {
        at++;
        return;
      }
      if (char < ' ') fail();
      at++;
      if (char !== '\\') continue;
      const escape = text.charAt(at);
      if ('"\\/bfnrt'.includes(escape) && escape !== '') {
        at++;
      } else if (escape === 'u') {
        at++;
        for (let hex = 0; hex < 4; hex++) {
          if (!/^[0-9a-fA-F]$/.test(text.charAt(at))) fail();
          at++;
        }
      } else {
        fail();
      }
    }
  };
  const literal = (word: string): void => {
    for (const char of word) expectChar(char);
  };
  const sequence = (close: string, element: () => void): void => {
    at++;
    skipWhitespace();
    if (text.charAt(at) === close) {
      at++;
      return;
    }
    for (;;) {
      element();
      skipWhitespace();
      if (text.charAt(at) === close) {
        at++;
        return;
      }
      expectChar(',');
    }
  };
  const value = (): void => {
    skipWhitespace();
    const char = text.charAt(at);
    if (char === '{') {
      sequence('}', () => {
        skipWhitespace();
        string();
        skipWhitespace();
        expectChar(':');
        value();
      });
    } else if (char === '[') sequence(']', value);
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else if (char === '-' || isDigit(char)) number();
    else fail();
  };

  try {
    value();
    skipWhitespace();
    if (at < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxErrorAt) return error.offset;
    // Nesting deep enough to exhaust the stack: the caller falls back to the end of the text.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
