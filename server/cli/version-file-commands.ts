import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblem } from '../../src/core/problems.ts';
import { openStore, sqliteFileOf } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { IMPORT_TARGETS, type ImportTarget, importStandardFile } from '../versions/standard-import.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './main.ts';

/**
 * `tierline export` and `tierline import` (V3): move versions between the database and the
 * `standards/` files kept in git. Both open the database in the data directory; the server may be
 * running (SQLite in WAL mode allows it).
 */

/** `tierline export STANDARD VERSION [--data DIR] [--out DIR]`: writes `<out>/<standard>/<version>.json`. */
export async function runExport(args: readonly string[], io: CliIo, usage: string): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { data: { type: 'string' }, out: { type: 'string' } },
  });
  const [standardId, version, ...extra] = positionals;
  if (!standardId || !version || extra.length > 0) {
    io.stderr(`tierline export: expected STANDARD and VERSION, e.g. what-works-cities 3.0\n\n${usage}`);
    return 2;
  }
  const record = await withDatabase(io, values.data, 'export', async (store) =>
    store.versions.getVersion(standardId, version),
  );
  if (!record) {
    throw new CliError(
      `tierline export: ${standardId} has no published version "${version}"; the versions are listed on its history page`,
    );
  }
  const folder = join(resolve(io.cwd, values.out ?? 'standards'), standardId);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${version}.json`);
  // The stored canonical JSON, byte for byte: the file hashes to the version's sha256.
  writeFileSync(file, record.json);
  io.stdout(`wrote ${file} (sha256 ${record.sha256})\n`);
  return 0;
}

/** `tierline import FILE [--data DIR] [--as version|draft] [--title TITLE]`. */
export async function runImport(args: readonly string[], io: CliIo, usage: string): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      as: { type: 'string', default: 'version' },
      title: { type: 'string' },
    },
  });
  const [fileArgument, ...extra] = positionals;
  if (!fileArgument || extra.length > 0) {
    io.stderr(`tierline import: expected one FILE\n\n${usage}`);
    return 2;
  }
  if (!IMPORT_TARGETS.includes(values.as as ImportTarget)) {
    io.stderr(`tierline import: --as must be one of ${IMPORT_TARGETS.join(', ')}\n\n${usage}`);
    return 2;
  }
  const file = resolve(io.cwd, fileArgument);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new CliError(`${file}: cannot read file: ${reason}`);
  }
  const outcome = await withDatabase(io, values.data, 'import', (store) =>
    importStandardFile(store, {
      text,
      as: values.as as ImportTarget,
      author: 'import',
      now: Date.now(),
      ...(values.title === undefined ? {} : { title: values.title }),
    }),
  );
  if (!outcome.ok) {
    throw CliError.withProblems(file, [...outcome.problems.map(formatProblem), 'nothing was imported']);
  }
  const { standard } = outcome;
  if (outcome.as === 'version') {
    io.stdout(`imported ${standard.id} ${standard.version} as a version (sha256 ${outcome.record.sha256})\n`);
  } else {
    io.stdout(
      `imported ${standard.id} ${standard.version} as draft ${outcome.draft.id} ("${outcome.draft.title}")\n`,
    );
    if (outcome.problems.length > 0) {
      io.stdout(
        `the draft has ${outcome.problems.length} problem(s) to fix before it can be published:\n` +
          `${outcome.problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}\n`,
      );
    }
  }
  return 0;
}

/** Opens the database of `--data` (default `$TIERLINE_DATA` or `./data`), runs `use`, closes it. */
async function withDatabase<T>(
  io: CliIo,
  dataOption: string | undefined,
  command: string,
  use: (store: Store) => Promise<T>,
): Promise<T> {
  const dataDir = resolve(io.cwd, dataOption ?? process.env['TIERLINE_DATA'] ?? 'data');
  const file = sqliteFileOf({ dataDir });
  if (file !== undefined && !existsSync(file)) {
    throw new CliError(
      `tierline ${command}: no database at ${file}; start the server once (npm start), or pass --data DIR`,
    );
  }
  const store = await openStore({ dataDir });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
