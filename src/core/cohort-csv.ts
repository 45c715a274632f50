import {
  ASSESSMENT_SCHEMA_VERSION,
  type Applicant,
  type AssessmentFile,
  type Response,
  parseAssessments,
} from './assessment.ts';
import { type Checked, type Problem, ProblemList, capProblems, ok, refused } from './problems.ts';
import type { Criterion, Standard } from './standard.ts';
import { validateAssessments } from './validate-assessments.ts';

/**
 * A cohort from a spreadsheet: the CSV form of an assessment file (F5), for committees whose past applicants'
 * answers live in a spreadsheet rather than in JSON. The standard, version and cycle are not in the CSV; the
 * importer names them.
 *
 * ```
 * id,name,population,DM1,DM2,LC1,…
 * austin,"Austin, TX",979000,1,update-method;published-online,yes
 * boise,"Boise, ID",237000,0,,no
 * ```
 *
 * - Row 1 is the header: `id`, `name`, `population` (in that order, any letter case), then one column per
 *   criterion of the version, named by its id. Not every criterion needs a column: a missing column is
 *   unassessed for everyone (S7).
 * - One row per applicant. `population` is a whole number (`,`, `_` and spaces between digits are ignored).
 * - A yes/no criterion's cell is `1`, `0`, `true`, `false`, `yes` or `no` (any case).
 * - A checklist criterion's cell lists the met item ids separated by `;` (`update-method;published-online`),
 *   or `0` / `false` / `no` when none is met.
 * - An empty cell is unassessed (S7).
 * - Cells follow RFC 4180: a cell holding a comma, quote or line break is quoted, inner quotes doubled.
 *
 * Problems are located as a spreadsheet shows them: `row 4, column DM2` (the header is row 1; a row is a
 * record, so a quoted line break does not start a new one). Everything the JSON format checks is checked
 * (the schema and `validateAssessments` against the version), and their problems are located the same way.
 */

/** Options of {@link cohortFromCsv}. */
export interface CsvCohortOptions {
  /** The version the answers were recorded against; every criterion column must be one of its criteria. */
  readonly version: Standard;
  readonly cycle: string;
  /** Whether the answers are generated rather than real (F5). Default false. */
  readonly synthetic?: boolean;
  readonly notes?: string;
}

/** One CSV record and its row number as a spreadsheet shows it (the first record is row 1). */
export interface CsvRecord {
  readonly row: number;
  readonly cells: readonly string[];
}

/** The fixed leading columns, in order. */
export const COHORT_CSV_FIXED_COLUMNS = ['id', 'name', 'population'] as const;

const TRUE_WORDS = new Set(['1', 'true', 'yes']);
const FALSE_WORDS = new Set(['0', 'false', 'no']);

/**
 * Splits CSV text into records (RFC 4180, lenient about line ends: CRLF, LF or CR). A leading byte-order
 * mark is dropped; blank records are left out (their row numbers are still counted). Refused when a quoted
 * cell is never closed or text follows a closing quote.
 */
export function parseCsvRecords(text: string): Checked<CsvRecord[]> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems = new ProblemList();
  let cells: string[] = [];
  let cell = '';
  let row = 1;
  let recordRow = 1;
  let quoted = false;
  let afterQuote = false;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endCell();
    if (cells.length > 1 || cells[0] !== '') records.push({ row: recordRow, cells });
    cells = [];
    row++;
    recordRow = row;
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (source[i + 1] === '"') {
        cell += '"';
        i++;
      } else {
        quoted = false;
        afterQuote = true;
      }
      continue;
    }
    if (char === ',') endCell();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRecord();
    } else if (afterQuote) {
      problems.push({
        path: `row ${recordRow}, column ${cells.length + 1}`,
        message: `text after a closing quote; quote the whole cell and double the quotes inside it ("")`,
      });
      // Skip to the end of the cell so one mistake is reported once.
      while (i + 1 < source.length && !',\r\n'.includes(source[i + 1]!)) i++;
    } else if (char === '"' && cell === '') quoted = true;
    else cell += char;
  }
  if (quoted) {
    problems.push({
      path: `row ${recordRow}, column ${cells.length + 1}`,
      message: 'a quoted cell is never closed; add the closing quote (")',
    });
  } else endRecord();
  return problems.size > 0 ? refused(problems.toArray()) : ok(records);
}

/**
 * Reads a cohort from CSV (format above) recorded against `options.version` and checks it as fully as an
 * assessment file. Refused with every problem, located by row and column; nothing is partly accepted.
 */
export function cohortFromCsv(text: string, options: CsvCohortOptions): Checked<AssessmentFile> {
  const parsed = parseCsvRecords(text);
  if (!parsed.ok) return parsed;
  const [header, ...rows] = parsed.value;
  if (!header) {
    return refused([
      {
        path: 'row 1',
        message: `the file is empty; the first row must be the header ${COHORT_CSV_FIXED_COLUMNS.join(',')},<criterion ids…>`,
      },
    ]);
  }
  const { version } = options;
  // The sheet's own problems are capped as they are found (H4): a header repeating one column a million
  // times costs a count, not a million messages.
  const problems = new ProblemList();
  const columns = readHeader(header, version, problems);

  const applicants: Applicant[] = [];
  const rowOfApplicant: number[] = [];
  for (const record of rows) {
    if (record.cells.length !== header.cells.length) {
      problems.push({
        path: `row ${record.row}`,
        message: `${record.cells.length} cells, but the header has ${header.cells.length} columns; every row needs one cell per column (leave a cell empty for unassessed)`,
      });
      continue;
    }
    applicants.push(readApplicant(record, columns, problems));
    rowOfApplicant.push(record.row);
  }
  if (rows.length === 0) {
    problems.push({ path: 'row 2', message: 'no applicants: add one row per applicant below the header' });
  }

  const file: AssessmentFile = {
    kind: 'assessments',
    schemaVersion: ASSESSMENT_SCHEMA_VERSION,
    standard: version.id,
    version: version.version,
    cycle: options.cycle,
    synthetic: options.synthetic ?? false,
    ...(options.notes === undefined ? {} : { notes: options.notes }),
    applicants,
  };
  // The schema and the reference checks of the JSON format, located back on the sheet.
  // Both run on the file as read: the references do not depend on what the schema refuses (an empty name).
  const checked = parseAssessments(file);
  const fileProblems = [...(checked.ok ? [] : checked.problems), ...validateAssessments(file, version)];
  const all = [
    ...problems.toArray(),
    ...fileProblems.map((problem) => onSheet(problem, rowOfApplicant, columns)),
  ];
  if (all.length > 0) return refused(capProblems(sortByRow(all)));
  return checked;
}

/** A criterion column of the sheet. */
interface CriterionColumn {
  readonly index: number;
  readonly criterion: Criterion;
}

interface SheetColumns {
  readonly criteria: readonly CriterionColumn[];
  /** Header names by criterion id, for locating problems the file checks report by id. */
  readonly names: ReadonlySet<string>;
}

function readHeader(header: CsvRecord, version: Standard, problems: ProblemList): SheetColumns {
  const names = header.cells.map((cell) => cell.trim());
  const fixed = names.slice(0, COHORT_CSV_FIXED_COLUMNS.length).map((name) => name.toLowerCase());
  if (COHORT_CSV_FIXED_COLUMNS.some((name, index) => fixed[index] !== name)) {
    problems.push({
      path: 'row 1',
      message: `the first columns must be ${COHORT_CSV_FIXED_COLUMNS.join(', ')} (found ${names
        .slice(0, COHORT_CSV_FIXED_COLUMNS.length)
        .map((name) => JSON.stringify(name))
        .join(', ')}), then one column per criterion`,
    });
  }
  const byId = new Map(version.criteria.map((criterion) => [criterion.id, criterion]));
  const firstColumn = new Map<string, number>();
  const criteria: CriterionColumn[] = [];
  names.forEach((name, index) => {
    if (index < COHORT_CSV_FIXED_COLUMNS.length) return;
    const at = `row 1, column ${name || index + 1}`;
    if (name === '') {
      problems.push({
        path: at,
        message: 'empty column name; name the criterion (e.g. DM1) or delete the column',
      });
      return;
    }
    const first = firstColumn.get(name);
    if (first !== undefined) {
      problems.push({
        path: at,
        message: `${name} is the name of columns ${first + 1} and ${index + 1}; keep one`,
      });
      return;
    }
    firstColumn.set(name, index);
    const criterion = byId.get(name);
    if (!criterion) {
      problems.push({
        path: at,
        message: `unknown criterion ${JSON.stringify(name)} in ${version.id} ${version.version}; columns after population must be criterion ids of that version`,
      });
      return;
    }
    criteria.push({ index, criterion });
  });
  return { criteria, names: new Set(criteria.map((column) => column.criterion.id)) };
}

function readApplicant(record: CsvRecord, columns: SheetColumns, problems: ProblemList): Applicant {
  const cell = (index: number) => (record.cells[index] ?? '').trim();
  const population = readPopulation(cell(2), record.row, problems);
  const responses: Record<string, Response> = {};
  for (const { index, criterion } of columns.criteria) {
    const read = readResponse(cell(index), criterion);
    if (read === undefined) continue;
    if ('problem' in read)
      problems.push({ path: `row ${record.row}, column ${criterion.id}`, message: read.problem });
    else responses[criterion.id] = read.response;
  }
  return {
    id: cell(0),
    name: cell(1),
    population,
    responses,
  };
}

function readPopulation(text: string, row: number, problems: ProblemList): number {
  const digits = text.replace(/(?<=\d)[\s,_](?=\d)/g, '');
  if (/^\d+$/.test(digits)) return Number(digits);
  problems.push({
    path: `row ${row}, column population`,
    message:
      text === ''
        ? 'empty; give the population as a whole number'
        : `expected a whole number, got ${JSON.stringify(text)}`,
  });
  // A placeholder the schema accepts, so the same cell is not reported twice.
  return 0;
}

/** A cell's response, nothing for an empty (unassessed) cell, or why it cannot be read. */
function readResponse(
  text: string,
  criterion: Criterion,
): { response: Response } | { problem: string } | undefined {
  if (text === '') return undefined;
  const word = text.toLowerCase();
  const checklist = criterion.checklist;
  if (!checklist) {
    if (TRUE_WORDS.has(word)) return { response: true };
    if (FALSE_WORDS.has(word)) return { response: false };
    return {
      problem: `expected 1/0, true/false or yes/no (or an empty cell for unassessed), got ${JSON.stringify(text)}`,
    };
  }
  const items = text
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const known = new Set(checklist.items.map((item) => item.id));
  // An item may be called "1" or "no": a cell naming items is read as items first.
  if (items.every((item) => known.has(item))) return { response: { items } };
  if (FALSE_WORDS.has(word)) return { response: { items: [] } };
  if (TRUE_WORDS.has(word)) {
    return {
      problem: `${criterion.id} has a checklist: list the met items separated by ";" (its items are ${checklist.items
        .map((item) => item.id)
        .join(', ')}), or 0 when none is met`,
    };
  }
  // Unknown item ids: the file checks below name them with the criterion's items.
  return { response: { items } };
}

/** `applicants.3.responses.DM2.items.0` → `row 5, column DM2`, in the path and wherever the message names one. */
function onSheet(problem: Problem, rowOfApplicant: readonly number[], columns: SheetColumns): Problem {
  const place = (path: string): string => {
    const match = /^applicants\.(\d+)(?:\.(.*))?$/.exec(path);
    if (!match) return path;
    const [, index = '0', rest] = match;
    const row = `row ${rowOfApplicant[Number(index)] ?? Number(index) + 2}`;
    if (rest === undefined) return row;
    // Criterion ids may hold dots (`DG1.a`): match the column names, not the path's segments.
    const response = rest.startsWith('responses.') ? rest.slice('responses.'.length) : undefined;
    const column =
      response === undefined
        ? rest.split('.')[0]
        : ([...columns.names].find((name) => response === name || response.startsWith(`${name}.`)) ??
          response);
    return `${row}, column ${column}`;
  };
  return {
    ...problem,
    path: place(problem.path),
    message: problem.message.replace(/\bapplicants\.\d+(?:\.[\w.-]*\w)?/g, place),
  };
}

/** Problems by row, the count of those left out (a capped list's closing entry) last. */
function sortByRow(problems: readonly Problem[]): Problem[] {
  const rowOf = (problem: Problem) =>
    problem.omitted === undefined ? Number(/^row (\d+)/.exec(problem.path)?.[1] ?? 0) : Infinity;
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) => rowOf(a.problem) - rowOf(b.problem) || a.order - b.order)
    .map(({ problem }) => problem);
}
