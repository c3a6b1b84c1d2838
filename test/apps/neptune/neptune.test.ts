import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-BAK1', 'Graph/Graph'],
    ['Readiness-BAK8', 'Graph/Graph'],
    ['Readiness-MON1', 'Graph/Graph'],
    ['Readiness-MON3', 'Graph'],
    ['Readiness-SCL6', 'Graph/Graph'],
    ['Readiness-STA4', 'Graph'],
    // The L1 sets no DeletionPolicy: CloudFormation deletes a Neptune cluster's volume without a snapshot.
    ['Readiness-STA5', 'Graph/Graph'],
    ['Readiness-STA5', 'Graph/Graph'],
    ['Readiness-STA6', 'Graph/Graph'],
  ],
  total: 9,
};

describe('neptune: Neptune cluster (L1) with one instance', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('neptune', report, expected);
  });
});
