import type { z } from 'zod';

/** One thing wrong with an input, located by a dotted path into it (F6). */
export interface Problem {
  /** Path into the document, e.g. `criteria.3.prerequisites.0`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
  /**
   * Only on the last entry of a capped list (see {@link ProblemList}): how many further problems were
   * left out. Its message says so in words.
   */
  readonly omitted?: number;
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

/** Turns zod issues into problems, one per issue, keeping zod's paths; capped like every problem list. */
export function problemsFromZod(error: z.ZodError): Problem[] {
  const list = new ProblemList();
  for (const issue of error.issues) {
    if (list.full) list.count(1);
    else list.push({ path: pathOf(issue.path), message: issue.message });
  }
  return list.toArray();
}

/**
 * How many problems a list keeps (H4): enough for anyone fixing a file by hand, while a hostile input
 * (a header repeating one column a million times) costs bounded memory and answer size.
 */
export const PROBLEM_LIST_CAP = 200;

/**
 * Collects problems up to a cap and only counts the rest, so collecting costs bounded memory. Checks that
 * can find very many problems test {@link ProblemList.full} and skip building messages nobody will see.
 */
export class ProblemList {
  readonly #kept: Problem[] = [];
  #omitted = 0;

  constructor(readonly cap: number = PROBLEM_LIST_CAP) {}

  /** True once the cap is reached: further problems are only counted. */
  get full(): boolean {
    return this.#kept.length >= this.cap;
  }

  /** Every problem seen so far, kept or counted. */
  get size(): number {
    return this.#kept.length + this.#omitted;
  }

  /** Adds a problem; a capped list's closing entry adds its `omitted` count instead of itself. */
  push(problem: Problem): this {
    if (problem.omitted !== undefined) this.#omitted += problem.omitted;
    else if (this.full) this.#omitted++;
    else this.#kept.push(problem);
    return this;
  }

  /** Adds every problem of a list (taking any one's `omitted` count, see {@link push}). */
  pushAll(problems: Iterable<Problem>): this {
    for (const problem of problems) this.push(problem);
    return this;
  }

  /** Counts problems that were found but not built (the list is full). */
  count(problems: number): this {
    this.#omitted += problems;
    return this;
  }

  /**
   * The kept problems, then, when some were left out, one entry saying how many:
   * `… and 999,797 more problems (the first 200 are listed)`.
   */
  toArray(): Problem[] {
    if (this.#omitted === 0) return [...this.#kept];
    return [...this.#kept, omittedProblem(this.#omitted, this.#kept.length)];
  }
}

/** The closing entry of a capped list. */
function omittedProblem(omitted: number, listed: number): Problem {
  return {
    path: '',
    message: `… and ${omitted.toLocaleString('en-US')} more ${omitted === 1 ? 'problem' : 'problems'} (the first ${listed} are listed)`,
    omitted,
  };
}

/** `problems` capped at {@link PROBLEM_LIST_CAP}, with a count of the rest. */
export function capProblems(problems: readonly Problem[]): Problem[] {
  return problems.length <= PROBLEM_LIST_CAP && problems.every((problem) => problem.omitted === undefined)
    ? [...problems]
    : new ProblemList().pushAll(problems).toArray();
}
