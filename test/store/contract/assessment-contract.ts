import { expect, it } from 'vitest';
import { parseAssessments } from '../../../src/core/assessment.ts';
import type { ContractContext } from '../store-contract.ts';
import { civicLabAssessmentsJson } from './sample-records.ts';

export function assessmentContract(context: ContractContext): void {
  it('[I1] an assessment file reads back byte for byte and still parses', async () => {
    const store = context.store();
    const json = civicLabAssessmentsJson();
    await store.assessments.putAssessmentFile({ standardId: 'civic-lab', cycle: '2023', json });

    expect(await store.assessments.getAssessmentFile('civic-lab', '2023')).toEqual({
      standardId: 'civic-lab',
      cycle: '2023',
      json,
    });
    expect(parseAssessments(JSON.parse(json)).ok).toBe(true);
    expect(await store.assessments.getAssessmentFile('civic-lab', '2024')).toBeUndefined();
  });

  it('[I1] putting a file for the same standard and cycle replaces it', async () => {
    const store = context.store();
    await store.assessments.putAssessmentFile({
      standardId: 'civic-lab',
      cycle: '2023',
      json: '{"first":true}\n',
    });
    await store.assessments.putAssessmentFile({
      standardId: 'civic-lab',
      cycle: '2023',
      json: '{"second":true}\n',
    });
    expect((await store.assessments.getAssessmentFile('civic-lab', '2023'))?.json).toBe('{"second":true}\n');
    expect(await store.assessments.listAssessmentFiles()).toHaveLength(1);
  });

  it('[I1] files are listed by standard then cycle, without their JSON, and can be deleted', async () => {
    const store = context.store();
    for (const [standardId, cycle] of [
      ['civic-lab', '2024'],
      ['b-corp-like', '2023'],
      ['civic-lab', '2023'],
    ] as const) {
      await store.assessments.putAssessmentFile({ standardId, cycle, json: '{}\n' });
    }
    expect(await store.assessments.listAssessmentFiles()).toEqual([
      { standardId: 'b-corp-like', cycle: '2023' },
      { standardId: 'civic-lab', cycle: '2023' },
      { standardId: 'civic-lab', cycle: '2024' },
    ]);
    expect(await store.assessments.listAssessmentFiles('civic-lab')).toEqual([
      { standardId: 'civic-lab', cycle: '2023' },
      { standardId: 'civic-lab', cycle: '2024' },
    ]);
  });
}
