import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-BAK1', 'Prod/Service/Sessions/Resource'],
    ['Readiness-BAK1', 'Staging/Service/Sessions/Resource'],
    // Point-in-time recovery is asked in PROD only.
    ['Readiness-BAK8', 'Prod/Service/Sessions/Resource'],
    ['Readiness-DEP5', 'Prod/Service/Api/Resource'],
    ['Readiness-DEP5', 'Staging/Service/Api/Resource'],
    ['Readiness-MON1', 'Prod/Service/Api/Resource'],
    ['Readiness-MON1', 'Prod/Service/Sessions/Resource'],
    ['Readiness-MON1', 'Staging/Service/Api/Resource'],
    ['Readiness-MON1', 'Staging/Service/Sessions/Resource'],
    ['Readiness-MON3', 'Prod/Service'],
    ['Readiness-MON3', 'Staging/Service'],
    ['Readiness-MON4', 'Prod/Service/Api/Resource'],
    ['Readiness-MON4', 'Staging/Service/Api/Resource'],
    ['Readiness-MON5', 'Prod/Service/Api/Resource'],
    ['Readiness-MON5', 'Staging/Service/Api/Resource'],
    ['Readiness-PRF1', 'Prod/Service/Api/FunctionUrl/Resource'],
    ['Readiness-PRF1', 'Prod/Service/Api/Resource'],
    ['Readiness-PRF1', 'Staging/Service/Api/FunctionUrl/Resource'],
    ['Readiness-PRF1', 'Staging/Service/Api/Resource'],
    // Per-account gaps: once per stage, as the stages deploy to two accounts.
    ['Readiness-SEC1', 'Prod/Service'],
    ['Readiness-SEC1', 'Staging/Service'],
    ['Readiness-SEC2', 'Prod/Service'],
    ['Readiness-SEC2', 'Staging/Service'],
    ['Readiness-SEC3', 'Prod/Service'],
    ['Readiness-SEC3', 'Prod/Service'],
    ['Readiness-SEC3', 'Staging/Service'],
    ['Readiness-SEC3', 'Staging/Service'],
    ['Readiness-SEC4', 'Prod/Service'],
    ['Readiness-SEC4', 'Staging/Service'],
    ['Readiness-STA4', 'Prod/Service'],
    ['Readiness-STA6', 'Prod/Service/Sessions/Resource'],
    ['Readiness-STA6', 'Staging/Service/Sessions/Resource'],
  ],
  total: 32,
};

describe('stages: one Stage deployed to a staging and a production account', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('stages', report, expected);
  });

  test('each stage is judged under its own profile; per-account gaps are reported once per account', () => {
    expect(report.stacks.map((s) => [s.path, s.profile, s.account])).toEqual([
      ['Prod/Service', 'prod', '222222222222'],
      ['Staging/Service', 'staging', '111111111111'],
    ]);
    const sec1 = report.findings.filter((f) => f.ruleId === 'Readiness-SEC1').map((f) => f.message);
    expect(sec1).toEqual([expect.stringContaining('222222222222'), expect.stringContaining('111111111111')]);
  });
});
