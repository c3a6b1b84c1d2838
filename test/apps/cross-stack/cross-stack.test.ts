import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-BAK1', 'Data/Items/Resource'],
    ['Readiness-BAK8', 'Data/Items/Resource'],
    ['Readiness-MON1', 'Data/Items/Resource'],
    ['Readiness-MON1', 'Data/Jobs/Resource'],
    ['Readiness-MON1', 'Worker/Worker/Resource'],
    ['Readiness-MON3', 'Data'],
    ['Readiness-MON3', 'Worker'],
    ['Readiness-MON4', 'Worker/Worker/Resource'],
    ['Readiness-MON5', 'Worker/Worker/Resource'],
    ['Readiness-MON6', 'Data/Jobs/Resource'],
    ['Readiness-PRF1', 'Worker/Worker/Resource'],
    ['Readiness-SEC1', 'Worker'],
    ['Readiness-SEC2', 'Worker'],
    ['Readiness-SEC3', 'Worker'],
    ['Readiness-SEC3', 'Worker'],
    ['Readiness-SEC4', 'Worker'],
    ['Readiness-STA4', 'Data'],
    ['Readiness-STA4', 'Worker'],
    ['Readiness-STA6', 'Data/Items/Resource'],
  ],
  total: 19,
};

describe('cross-stack: two stacks wired by cross-stack references (exports and Fn::ImportValue)', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('cross-stack', report, expected);
  });

  test('the queue in Data is known to be consumed by the function in Worker (through Fn::ImportValue)', () => {
    expect(report.findings.find((f) => f.ruleId === 'Readiness-MON6')?.message).toContain('consumed by a Lambda function');
  });
});
