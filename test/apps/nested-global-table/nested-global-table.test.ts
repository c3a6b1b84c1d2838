import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    // One per replica without point-in-time recovery (eu-west-1 and us-east-1).
    ['Readiness-BAK8', 'Global/Data/Tables/Orders/Resource'],
    ['Readiness-BAK8', 'Global/Data/Tables/Orders/Resource'],
    ['Readiness-MON1', 'Global/Data/Tables/Orders/Resource'],
    ['Readiness-MON3', 'Global/Data/Tables'],
    ['Readiness-STA4', 'Global'],
    ['Readiness-STA6', 'Global/Data/Tables/Orders/Resource'],
  ],
  total: 6,
};

describe('nested-global-table: a global table and a multi-region key two nested stacks deep', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('nested-global-table', report, expected);
  });

  test('both nested stacks are examined and counted, with the parent environment', () => {
    expect(report.stacks.map((s) => [s.path, s.parent, s.resources])).toEqual([
      ['Global', undefined, 1],
      ['Global/Data', 'Global', 1],
      ['Global/Data/Tables', 'Global/Data', 2],
    ]);
    expect(report.stacks.every((s) => s.account === '123456789012' && s.region === 'eu-west-1' && s.profile === 'prod')).toBe(true);
    expect(report.summary).toMatchObject({ stacks: 3, resources: 4 });
    expect(report.notExamined).toBeUndefined();
  });

  test('an acknowledgement made in the inner nested stack is honoured, and listed with its reason', () => {
    expect(report.acknowledged.map((f) => [f.ruleId, f.constructPath, f.reason])).toEqual([
      ['Readiness-BAK1', 'Global/Data/Tables/Orders/Resource', 'Backed up by the organization-wide AWS Backup policy of the platform team'],
    ]);
    expect(report.summary.acknowledged).toBe(1);
  });
});
