/**
 * The server lists problems as `path: message` (F6, `formatProblem`); the UI needs the two apart to
 * place a problem in the editor and to show where it is.
 */

export interface ProblemText {
  /** `criteria.3.id`, or empty for a problem about the whole document. */
  readonly path: string;
  readonly message: string;
}

/** Splits `criteria.1.id: duplicate …`; text without a path prefix is a whole-document message. */
export function splitProblem(text: string): ProblemText {
  const match = /^([A-Za-z][\w]*(?:\.[\w-]+)*): ([\s\S]*)$/.exec(text);
  return match?.[1] !== undefined && match[2] !== undefined
    ? { path: match[1], message: match[2] }
    : { path: '', message: text };
}
