import { describe, expect, it } from 'vitest';
import { HttpError, MAX_LISTED_PROBLEMS, errorReply } from '../../server/http/json-routes.ts';

describe('problem lists in error answers are capped (H4)', () => {
  it('[H4] an answer lists the first 200 problems, then says how many more there were', () => {
    const problems = Array.from({ length: 1_000_000 }, (_, i) => `columns.${i}: "id" is repeated`);
    const reply = errorReply(new HttpError(400, 'the file is not valid', problems));
    const body = reply.body as { error: string; problems: string[]; moreProblems: number };
    expect(reply.status).toBe(400);
    expect(body.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(body.problems[0]).toBe('columns.0: "id" is repeated');
    expect(body.problems[199]).toBe('columns.199: "id" is repeated');
    expect(body.problems.at(-1)).toBe('… and 999800 more problems');
    expect(body.moreProblems).toBe(999_800);
    expect(JSON.stringify(body).length).toBeLessThan(20_000);
  });

  it('[H4] a list within the cap comes back whole, without a count', () => {
    const reply = errorReply(new HttpError(422, 'not valid', ['a: wrong', 'b: wrong']));
    expect(reply.body).toEqual({ error: 'not valid', problems: ['a: wrong', 'b: wrong'] });
    const one = errorReply(
      new HttpError(
        422,
        'x',
        Array.from({ length: 201 }, () => 'p'),
      ),
    );
    expect((one.body as { problems: string[] }).problems.at(-1)).toBe('… and 1 more problem');
  });
});
