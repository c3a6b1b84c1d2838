import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    // The bucket is selected by tag and needs nothing of BAK1; the plan and vault are judged.
    ['Readiness-BAK2', 'Documents/Plan/Resource'],
    ['Readiness-BAK3', 'Documents/Plan/Resource'],
    ['Readiness-BAK4', 'Documents/Plan/Vault/Resource'],
    ['Readiness-BAK4', 'Documents/Plan/Vault/Resource'],
    ['Readiness-BAK5', 'Documents/Documents/Resource'],
    ['Readiness-BAK6', 'Documents'],
    ['Readiness-BAK7', 'Documents'],
    ['Readiness-DOC2', 'Documents'],
    ['Readiness-STA4', 'Documents'],
  ],
  total: 9,
};

describe('backup-by-tag: AWS Backup plan selecting a versioned S3 bucket by tag', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('backup-by-tag', report, expected);
  });
});
