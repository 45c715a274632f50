import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from './cli-error.ts';

// Each command's module is imported when that command runs, not at start-up: `validate` then loads the
// schemas and checks it needs and never the database driver, Yjs or the server (start-up time is the cost
// of every call; see the cli-validate-one-file benchmark).

/** Where the CLI writes; injected so tests can run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly cwd: string;
}

const USAGE = `Usage: tierline <command> [options]

Commands:
  validate FILE...                                   check standard and assessment files (F6); folders and
                                                     quoted globs such as "standards/**/*.json" are expanded
  score STANDARD ASSESSMENTS [--versions DIR] [--json]
                                                     score past applicants under STANDARD (S1–S7), translating
                                                     responses through lineage (L1–L4); DIR holds the other
                                                     versions (default: STANDARD's folder)
  diff OLD NEW [--json | --markdown] [--assessments FILE]...
                                                     what changed between two versions (D1), each change
                                                     classed tightening / loosening / reweighting / editorial
                                                     (D2); --markdown prints a changelog; with assessments,
                                                     how many applicants move up / down / stay (D3)
  impact BASE DRAFT ASSESSMENTS... [--json] [--near N]
                                                     how DRAFT would move past applicants against BASE (I1,
                                                     X4): tier migration matrix, per-applicant rows with the
                                                     changes that moved them, near misses within N points
                                                     (default 2); other versions from BASE's folder
  solve BASE DRAFT ASSESSMENTS... [--max-down N] [--max-up N] [--max-share TIER=PCT]... [--json]
                                                     the tier thresholds nearest DRAFT's that meet the
                                                     targets against BASE (A3, X6), or which target binds
  roadmap STANDARD ASSESSMENTS --applicant ID --tier TIER [--versions DIR] [--json]
                                                     the fewest criteria one applicant would have to meet
                                                     to reach TIER under STANDARD (A4, X5): prerequisites,
                                                     checklist items and required criteria included
  export STANDARD VERSION [--data DIR] [--out DIR]
                                                     write a published version from the database to
                                                     OUT/STANDARD/VERSION.json (default OUT: ./standards)
  import FILE [--data DIR] [--as version|draft] [--title TITLE]
                                                     add a standard file to the database as a published
                                                     version (checked against its basedOn version, refused
                                                     whole) or as a new draft holding exactly the file
  invite --name "Member Name" --role chair|editor|viewer
                                                     print a one-time invite token (last line) for the
                                                     database in $TIERLINE_DATA (default ./data), and its
                                                     link at $TIERLINE_PUBLIC_URL, else at the URL the
                                                     server last started at on that data directory
  help                                               this text
`;

/** Runs one `tierline` command and returns its exit code: 0 ok, 1 refused input, 2 usage. */
export async function runCli(args: readonly string[], cliIo: CliIo): Promise<number> {
  const [command, ...rest] = args;
  const io = withRelativePaths(cliIo);
  try {
    switch (command) {
      case 'validate':
        return await runValidate(rest, io);
      case 'score':
        return await runScore(rest, io);
      case 'diff':
        return (await import('./diff-command.ts')).runDiff(rest, io, USAGE);
      case 'impact':
        return (await import('./impact-command.ts')).runImpact(rest, io, USAGE);
      case 'solve':
        return (await import('./solve-command.ts')).runSolve(rest, io, USAGE);
      case 'roadmap':
        return (await import('./roadmap-command.ts')).runRoadmap(rest, io, USAGE);
      case 'invite':
        return await runInvite(rest, io);
      case 'export':
        return await (await import('./version-file-commands.ts')).runExport(rest, io, USAGE);
      case 'import':
        return await (await import('./version-file-commands.ts')).runImport(rest, io, USAGE);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.stderr(`tierline: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`tierline ${command}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(
      `tierline ${command}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  if (positionals.length === 0) {
    io.stderr(`tierline validate: name at least one file\n\n${USAGE}`);
    return 2;
  }
  const [{ expandFileArguments }, { validateFiles }] = await Promise.all([
    import('../files/document-files.ts'),
    import('./validate-command.ts'),
  ]);
  const files = expandFileArguments(positionals, io.cwd).map((file) => resolve(io.cwd, file));
  const report = validateFiles(files);
  if (report.problems.length > 0) {
    io.stderr(`${report.problems.join('\n')}\n`);
    io.stderr(
      `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}; nothing is valid until all are fixed\n`,
    );
    return 1;
  }
  const skipped = report.skipped.length > 0 ? `; ${report.skipped.length} JSON Schema file(s) skipped` : '';
  io.stdout(
    `valid: ${report.standards} standard version(s), ${report.assessmentFiles} assessment file(s)${skipped}\n`,
  );
  return 0;
}

async function runScore(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { versions: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [standardFile, assessmentsFile, ...extra] = positionals;
  if (!standardFile || !assessmentsFile || extra.length > 0) {
    io.stderr(`tierline score: expected STANDARD and ASSESSMENTS\n\n${USAGE}`);
    return 2;
  }
  const { formatScoreTable, scoreFiles, toScoreJson } = await import('./score-command.ts');
  const cohort = scoreFiles(
    resolve(io.cwd, standardFile),
    resolve(io.cwd, assessmentsFile),
    values.versions === undefined ? undefined : resolve(io.cwd, values.versions),
  );
  io.stdout(values.json ? `${JSON.stringify(toScoreJson(cohort), null, 2)}\n` : formatScoreTable(cohort));
  return 0;
}

async function runInvite(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { name: { type: 'string' }, role: { type: 'string' }, data: { type: 'string' } },
  });
  const { createInviteFromCli } = await import('./invite-command.ts');
  const lines = await createInviteFromCli({
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.role === undefined ? {} : { role: values.role }),
    dataDir: resolve(io.cwd, values.data ?? process.env['TIERLINE_DATA'] ?? 'data'),
    port: process.env['PORT'] ?? '8787',
    ...(process.env['TIERLINE_PUBLIC_URL'] ? { publicUrl: process.env['TIERLINE_PUBLIC_URL'] } : {}),
  });
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/** Files are read by absolute path; messages name them relative to where the user stands. */
function withRelativePaths(io: CliIo): CliIo {
  const prefix = `${resolve(io.cwd)}/`;
  const relative = (text: string) => text.split(prefix).join('');
  return {
    cwd: io.cwd,
    stdout: (text) => io.stdout(relative(text)),
    stderr: (text) => io.stderr(relative(text)),
  };
}
