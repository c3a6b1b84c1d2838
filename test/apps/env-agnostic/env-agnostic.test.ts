import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-BAK1', 'Uploads/Uploads/Resource'],
    ['Readiness-MON1', 'Handlers/OnUpload/Resource'],
    ['Readiness-MON1', 'Uploads/Thumbnail/Resource'],
    ['Readiness-MON1', 'Uploads/Uploaded/Resource'],
    ['Readiness-MON3', 'Handlers'],
    ['Readiness-MON3', 'Uploads'],
    ['Readiness-MON4', 'Handlers/OnUpload/Resource'],
    ['Readiness-MON4', 'Uploads/Thumbnail/Resource'],
    // Invoked asynchronously (by SNS, by S3 notifications) with no on-failure destination or DLQ.
    ['Readiness-MON5', 'Handlers/OnUpload/Resource'],
    ['Readiness-MON5', 'Uploads/Thumbnail/Resource'],
    ['Readiness-MON6', 'Handlers/OnUpload/Resource'],
    ['Readiness-MON6', 'Uploads/Thumbnail/Resource'],
    ['Readiness-PRF1', 'Handlers/OnUpload/Resource'],
    ['Readiness-PRF1', 'Uploads/Thumbnail/Resource'],
    // Both stacks run code (CDK's bucket-notifications handler is plumbing and judged nowhere);
    // as one unknown environment, each per-environment gap is reported once, naming Uploads.
    ['Readiness-SEC1', 'Handlers'],
    ['Readiness-SEC2', 'Handlers'],
    ['Readiness-SEC3', 'Handlers'],
    ['Readiness-SEC3', 'Handlers'],
    ['Readiness-SEC4', 'Handlers'],
  ],
  total: 19,
};

describe('env-agnostic: environment-agnostic stacks under the DEV profile (from context)', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('env-agnostic', report, expected);
  });

  test('DEV: every finding is a warning, and env-agnostic stacks count as one unknown environment', () => {
    expect(report.stacks.map((s) => [s.path, s.profile, s.account, s.region])).toEqual([
      ['Handlers', 'dev', null, null],
      ['Uploads', 'dev', null, null],
    ]);
    expect(report.findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(report.summary.errors).toBe(0);
    expect(report.overall.passed).toBe(true);
    expect(report.findings.filter((f) => f.ruleId === 'Readiness-SEC1').map((f) => f.message)).toEqual([expect.stringContaining('also for Uploads')]);
  });
});
