import type { z } from 'zod';

/** One thing wrong with an input, located by a dotted path into it (F6). */
export interface Problem {
  /** Path into the document, e.g. `criteria.3.prerequisites.0`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
}

/** Outcome of loading or checking something a user supplied: the value, or every problem found. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: Problem[] };

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refused = <T = never>(problems: Problem[]): Checked<T> => ({ ok: false, problems });

/** Joins path segments the way zod reports them: `criteria.3.id`. */
export function pathOf(segments: readonly PropertyKey[]): string {
  return segments.map(String).join('.');
}

/** `path: message`, or the message alone for the document root. */
export function formatProblem(problem: Problem): string {
  return problem.path ? `${problem.path}: ${problem.message}` : problem.message;
}

/** Turns zod issues into problems, one per issue, keeping zod's paths. */
export function problemsFromZod(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));
}
