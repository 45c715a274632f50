/** How many problems an error answer lists; the rest are counted (H4: a huge list must not be the answer). */
export const MAX_LISTED_PROBLEMS = 200;

/** A refusal with an HTTP status and, for bad input, the problems found. */
export class HttpError extends Error {
  /** The first {@link MAX_LISTED_PROBLEMS} problems, then a line saying how many more there were. */
  readonly problems: readonly string[];
  /** How many problems were left out of `problems`. */
  readonly moreProblems: number;

  constructor(
    readonly status: number,
    message: string,
    /** Each as `path: message`. */
    problems: readonly string[] = [],
    /** Extra response headers, e.g. `retry-after` on a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.moreProblems = Math.max(0, problems.length - MAX_LISTED_PROBLEMS);
    this.problems =
      this.moreProblems === 0
        ? [...problems]
        : [
            ...problems.slice(0, MAX_LISTED_PROBLEMS),
            `… and ${this.moreProblems} more problem${this.moreProblems === 1 ? '' : 's'}`,
          ];
  }
}
