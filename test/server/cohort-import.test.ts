import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAssessments } from '../../src/core/assessment.ts';
import { api, projectRoot, startTestServer, type TestServer } from './test-server.ts';

const WWC = 'what-works-cities';
const cohort2024 = JSON.parse(
  readFileSync(join(projectRoot, 'standards/what-works-cities/assessments/2024.json'), 'utf8'),
) as { cycle: string; applicants: { id: string; responses: Record<string, unknown> }[] };

describe('cohort import (POST /api/assessments)', () => {
  let server: TestServer;
  let editor: string;
  let viewer: string;

  const cycles = async () =>
    ((await api(server.url, viewer, 'GET', '/api/assessments')).json as { standard: string; cycle: string }[])
      .filter((file) => file.standard === WWC)
      .map((file) => file.cycle);

  beforeAll(async () => {
    server = await startTestServer();
    editor = await server.signIn('Editor Ed', 'editor');
    viewer = await server.signIn('Viewer Vi', 'viewer');
  });
  afterAll(async () => server.dispose());

  it('[P3] a viewer cannot import', async () => {
    const reply = await api(server.url, viewer, 'POST', '/api/assessments', {
      format: 'csv',
      text: 'id,name,population,DM1\nann,Ann,100000,1\n',
      standard: WWC,
      version: '3.0',
      cycle: '2025',
    });
    expect(reply.status).toBe(403);
    expect(await cycles()).toEqual(['2018', '2019', '2021', '2024']);
  });

  it('[F5] a CSV cohort is stored as an assessment file of the named version and cycle', async () => {
    const reply = await api(server.url, editor, 'POST', '/api/assessments', {
      format: 'csv',
      text: [
        'id,name,population,DM1,DM2,LC1',
        'austin,"Austin, TX",979000,yes,update-method;published-online,1',
        'boise,Boise,237000,no,0,',
      ].join('\n'),
      standard: WWC,
      version: '3.0',
      cycle: '2025 pilot',
    });
    expect(reply).toMatchObject({
      status: 201,
      json: { standard: WWC, version: '3.0', cycle: '2025 pilot', applicants: 2 },
    });
    expect(await cycles()).toEqual(['2018', '2019', '2021', '2024', '2025 pilot']);
    const stored = await api(
      server.url,
      viewer,
      'GET',
      `/api/assessments/${WWC}/${encodeURIComponent('2025 pilot')}`,
    );
    const parsed = parseAssessments(stored.json);
    expect(parsed.ok && parsed.value.applicants).toEqual([
      {
        id: 'austin',
        name: 'Austin, TX',
        population: 979000,
        responses: { DM1: true, DM2: { items: ['update-method', 'published-online'] }, LC1: true },
      },
      { id: 'boise', name: 'Boise', population: 237000, responses: { DM1: false, DM2: { items: [] } } },
    ]);
  });

  it('[F6] a CSV with problems is refused whole with every problem by row and column; nothing is stored', async () => {
    const reply = await api(server.url, editor, 'POST', '/api/assessments', {
      format: 'csv',
      text: [
        'id,name,population,DM1,DM2,ZZ9',
        'austin,Austin,979000,1,update-method,',
        'boise,Boise,many,perhaps,x,',
        'cary,Cary,1000,1,update-method',
      ].join('\n'),
      standard: WWC,
      version: '3.0',
      cycle: '2026',
    });
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({
      error: 'the cohort was not imported; fix these problems and try again',
      problems: [
        'row 1, column ZZ9: unknown criterion "ZZ9" in what-works-cities 3.0; columns after population must be criterion ids of that version',
        'row 3, column population: expected a whole number, got "many"',
        'row 3, column DM1: expected 1/0, true/false or yes/no (or an empty cell for unassessed), got "perhaps"',
        expect.stringMatching(
          /^row 3, column DM2: unknown checklist item "x" of DM2; its items are "update-method", /,
        ) as unknown,
        'row 4: 5 cells, but the header has 6 columns; every row needs one cell per column (leave a cell empty for unassessed)',
      ],
    });
    expect(await cycles()).not.toContain('2026');
  });

  it('[F5] an assessment JSON file is stored; a second cohort of the same cycle is refused', async () => {
    const file = { ...cohort2024, cycle: '2024 re-run' };
    const first = await api(server.url, editor, 'POST', '/api/assessments', {
      format: 'json',
      text: JSON.stringify(file),
      standard: WWC,
    });
    expect(first).toMatchObject({ status: 201, json: { cycle: '2024 re-run', applicants: 60 } });
    const again = await api(server.url, editor, 'POST', '/api/assessments', {
      format: 'json',
      text: JSON.stringify(file),
    });
    expect(again.status).toBe(409);
  });

  it('[F6] a JSON file is checked against the version it names, with zod-style paths', async () => {
    const [first, ...rest] = cohort2024.applicants;
    const file = {
      ...cohort2024,
      cycle: '2027',
      applicants: [{ ...first, responses: { ...first?.responses, ZZ9: true } }, ...rest],
    };
    const reply = await api(server.url, editor, 'POST', '/api/assessments', {
      format: 'json',
      text: JSON.stringify(file),
    });
    expect(reply).toMatchObject({
      status: 422,
      json: { problems: ['applicants.0.responses.ZZ9: unknown criterion "ZZ9" in version "3.0"'] },
    });
    const notJson = await api(server.url, editor, 'POST', '/api/assessments', {
      format: 'json',
      text: '{"kind":',
    });
    expect(notJson.status).toBe(422);
    expect((notJson.json as { problems: string[] }).problems[0]).toMatch(/^not JSON: /);
    const otherStandard = await api(server.url, editor, 'POST', '/api/assessments', {
      format: 'json',
      text: JSON.stringify({ ...cohort2024, cycle: '2028' }),
      standard: 'green-building-rating',
    });
    expect(otherStandard.json).toMatchObject({
      problems: [
        'standard: this file is for standard "what-works-cities", but you are importing into "green-building-rating"',
      ],
    });
    expect(await cycles()).toEqual(['2018', '2019', '2021', '2024', '2024 re-run', '2025 pilot']);
  });

  it('an unknown version is a 404 that lists the versions', async () => {
    const reply = await api(server.url, editor, 'POST', '/api/assessments', {
      format: 'csv',
      text: 'id,name,population\nann,Ann,1\n',
      standard: WWC,
      version: '9.9',
      cycle: '2030',
    });
    expect(reply).toMatchObject({
      status: 404,
      json: { error: 'no version 9.9 of what-works-cities; its versions are 1.0, 2.0, 3.0' },
    });
  });
});
