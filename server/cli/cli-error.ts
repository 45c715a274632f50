/** An error a user caused: printed as its message alone, exit code 1, never a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';

  /** One line per problem, each prefixed with the file it was found in. */
  static withProblems(file: string, problems: readonly string[]): CliError {
    return new CliError(problems.map((problem) => `${file}: ${problem}`).join('\n'));
  }
}
