import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    // The bucket is selected by tag and needs nothing of BAK1; the plan and vault are judged.
    ['Readiness-BAK2', 'Documents/Plan/Resource'],
    ['Readiness-BAK3', 'Documents/Plan/Resource'],
    ['Readiness-BAK4', 'Documents/Plan/Vault/Resource'],
    ['Readiness-BAK4', 'Documents/Plan/Vault/Resource'],
    ['Readiness-BAK6', 'Documents'],
    ['Readiness-BAK7', 'Documents'],
    ['Readiness-STA4', 'Documents'],
  ],
  knownMissing: [
    { finding: ['Readiness-BAK5', 'Documents/Documents/Resource'], why: 'BAK5 judges only the types of BACKUP_PROTECTED_TYPES: an S3 bucket a backup plan selects is protected but is not asked for a restore test (issue 17 item 6)' },
    { finding: ['Readiness-DOC2', 'Documents'], why: 'DOC2\'s runbook model leaves out S3 buckets a backup plan selects, so no DR restore automation is asked for them (issue 17 item 6)' },
  ],
  total: 7,
};

describe('backup-by-tag: AWS Backup plan selecting a versioned S3 bucket by tag', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('backup-by-tag', report, expected);
  });
});
