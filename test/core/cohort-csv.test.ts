import { describe, expect, it } from 'vitest';
import { cohortFromCsv, parseCsvRecords } from '../../src/core/cohort-csv.ts';
import { PROBLEM_LIST_CAP, formatProblem } from '../../src/core/problems.ts';
import { validateAssessments } from '../../src/core/validate-assessments.ts';
import { type Standard, parseStandard } from '../../src/core/standard.ts';

/** Three criteria: DM1 yes/no, DM2 a checklist of three items (two needed), LC1 yes/no. */
const parsed = parseStandard({
  kind: 'standard',
  schemaVersion: 2,
  id: 'civic',
  title: 'Civic',
  version: '2.0',
  basedOn: null,
  status: 'published',
  eligibility: { minPopulation: 0 },
  areas: [{ id: 'data', name: 'Data' }],
  criteria: [
    { id: 'DM1', title: 'Inventory', statement: '', area: 'data', points: 1, core: true },
    {
      id: 'DM2',
      title: 'Inventory upkeep',
      statement: '',
      area: 'data',
      points: 1,
      core: false,
      checklist: {
        items: [
          { id: 'update-method', text: 'Method' },
          { id: 'published-online', text: 'Online' },
          { id: '1', text: 'An item called "1"' },
        ],
        minMet: 2,
      },
    },
    { id: 'LC1', title: 'Leadership', statement: '', area: 'data', points: 1, core: false },
  ],
  tiers: [{ id: 'silver', name: 'Silver', minPercent: 50 }],
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const civic: Standard = parsed.value;

const importCsv = (text: string) => cohortFromCsv(text, { version: civic, cycle: '2025' });
const problemsOf = (text: string): string[] => {
  const result = importCsv(text);
  if (result.ok) throw new Error('expected the CSV to be refused');
  return result.problems.map(formatProblem);
};

describe('cohort CSV import', () => {
  it('[F5] reads booleans, checklist items, empty cells as unassessed and quoted cells', () => {
    const result = importCsv(
      [
        'id,name,population,DM1,DM2,LC1',
        'austin,"Austin, TX","979,000",1,update-method; published-online,yes',
        'boise,"Boise ""City of Trees"", ID",237000,FALSE,0,',
        'cary,Cary,180 000,no,,True',
        'davis,Davis,66000,,1,0',
        '',
      ].join('\r\n'),
    );
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.value).toEqual({
      kind: 'assessments',
      schemaVersion: 1,
      standard: 'civic',
      version: '2.0',
      cycle: '2025',
      synthetic: false,
      applicants: [
        {
          id: 'austin',
          name: 'Austin, TX',
          population: 979000,
          responses: { DM1: true, DM2: { items: ['update-method', 'published-online'] }, LC1: true },
        },
        {
          id: 'boise',
          name: 'Boise "City of Trees", ID',
          population: 237000,
          responses: { DM1: false, DM2: { items: [] } },
        },
        { id: 'cary', name: 'Cary', population: 180000, responses: { DM1: false, LC1: true } },
        // "1" names an item of DM2's checklist, so it is that item, not "met".
        { id: 'davis', name: 'Davis', population: 66000, responses: { DM2: { items: ['1'] }, LC1: false } },
      ],
    });
  });

  it('[F5] a criterion without a column is unassessed for everyone; header names ignore case and spaces', () => {
    const result = importCsv('ID, Name ,POPULATION,LC1\nelk,Elk Grove,178000,1\n');
    expect(result.ok && result.value.applicants).toEqual([
      { id: 'elk', name: 'Elk Grove', population: 178000, responses: { LC1: true } },
    ]);
  });

  it('[F6] refuses the whole file with every problem located by row and column', () => {
    expect(
      problemsOf(
        [
          'id,name,population,DM1,DM2,LC1',
          'austin,Austin,979000,1,update-method;published-online,yes',
          'boise,Boise,lots,maybe,update-method,1',
          'austin,Austin again,1000,1,x;update-method;x,1',
          'cary,,1000,yes,yes,1',
          'davis,Davis,1000,1',
          'bad id!,Eve,1000,1,,1',
        ].join('\n'),
      ),
    ).toEqual([
      'row 3, column population: expected a whole number, got "lots"',
      'row 3, column DM1: expected 1/0, true/false or yes/no (or an empty cell for unassessed), got "maybe"',
      'row 4, column id: duplicate applicant id "austin", already used by row 2; give each applicant its own id',
      'row 4, column DM2: unknown checklist item "x" of DM2; its items are "update-method", "published-online", "1"',
      'row 4, column DM2: "x" is listed twice (also at row 4, column DM2)',
      'row 5, column DM2: DM2 has a checklist: list the met items separated by ";" (its items are update-method, published-online, 1), or 0 when none is met',
      'row 5, column name: must not be empty',
      'row 6: 4 cells, but the header has 6 columns; every row needs one cell per column (leave a cell empty for unassessed)',
      'row 7, column id: expected a code of letters, digits, ".", "_" or "-", such as "DM1"',
    ]);
  });

  it('[F6] header problems: fixed columns, unknown, duplicate and unnamed criterion columns', () => {
    expect(problemsOf('name,id,population,DM1,XX9,DM1,\nann,Ann,1,1,1,1,\n')).toEqual([
      'row 1: the first columns must be id, name, population (found "name", "id", "population"), then one column per criterion',
      'row 1, column XX9: unknown criterion "XX9" in civic 2.0; columns after population must be criterion ids of that version',
      'row 1, column DM1: DM1 is the name of columns 4 and 6; keep one',
      'row 1, column 7: empty column name; name the criterion (e.g. DM1) or delete the column',
    ]);
  });

  it('[F6] an empty file, a header alone, and an empty cycle are refused', () => {
    expect(problemsOf('')).toEqual([
      'row 1: the file is empty; the first row must be the header id,name,population,<criterion ids…>',
    ]);
    expect(problemsOf('id,name,population,DM1\n')).toEqual([
      'row 2: no applicants: add one row per applicant below the header',
    ]);
    const noCycle = cohortFromCsv('id,name,population\nann,Ann,10\n', { version: civic, cycle: ' ' });
    expect(noCycle.ok ? [] : noCycle.problems.map(formatProblem)).toEqual(['cycle: must not be empty']);
  });

  it('[F6] CSV syntax: an unclosed quote and text after a closing quote', () => {
    expect(parseCsvRecords('id,name\n"ann,Ann\n')).toEqual({
      ok: false,
      problems: [
        { path: 'row 2, column 1', message: 'a quoted cell is never closed; add the closing quote (")' },
      ],
    });
    expect(problemsOf('id,name,population\nann,"Ann" Lee,10\n')).toEqual([
      'row 2, column 2: text after a closing quote; quote the whole cell and double the quotes inside it ("")',
    ]);
  });

  it('rows are records: a quoted line break stays in its cell, blank lines still count as rows', () => {
    expect(parseCsvRecords('\uFEFFa,b\r\n"x\ny",z\n\nq,r')).toEqual({
      ok: true,
      value: [
        { row: 1, cells: ['a', 'b'] },
        { row: 2, cells: ['x\ny', 'z'] },
        { row: 4, cells: ['q', 'r'] },
      ],
    });
  });

  it('[H4] a header repeating one column a million times answers with 200 problems and a count of the rest', () => {
    const text = `id,name,population,${'DM1,'.repeat(1_000_000)}LC1\r\naustin,Austin,979000,1\r\n`;
    const result = cohortFromCsv(text, { version: civic, cycle: '2024' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(PROBLEM_LIST_CAP + 1);
    expect(formatProblem(result.problems[0]!)).toBe(
      'row 1, column DM1: DM1 is the name of columns 4 and 5; keep one',
    );
    // 999,999 repeated columns and one row of the wrong length; 200 are listed.
    expect(result.problems.at(-1)).toEqual({
      path: '',
      message: '… and 999,800 more problems (the first 200 are listed)',
      omitted: 999_800,
    });
    expect(JSON.stringify(result.problems).length).toBeLessThan(64_000);
  });

  it('[H4] assessment checks stop listing after the cap and count the rest', () => {
    const applicants = Array.from({ length: 5000 }, (_, index) => ({
      id: `a${index}`,
      name: `A${index}`,
      population: 1000,
      responses: { NOPE: true },
    }));
    const problems = validateAssessments(
      {
        kind: 'assessments',
        schemaVersion: 1,
        standard: 'civic',
        version: '2.0',
        cycle: '2024',
        synthetic: true,
        applicants,
      },
      civic,
    );
    expect(problems).toHaveLength(PROBLEM_LIST_CAP + 1);
    expect(problems[0]?.message).toBe('unknown criterion "NOPE" in version "2.0"');
    expect(problems.at(-1)?.message).toBe('… and 4,800 more problems (the first 200 are listed)');
  });
});
