import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    // No STA5 (the L2s default to SNAPSHOT) and no SEC1–SEC4 (neither stack runs code).
    ['Readiness-BAK1', 'Aurora/Cluster/Resource'],
    ['Readiness-BAK1', 'MySql/Database/Resource'],
    ['Readiness-BAK8', 'Aurora/Cluster/Resource'],
    ['Readiness-BAK8', 'MySql/Database/Resource'],
    ['Readiness-MON1', 'Aurora/Cluster/Resource'],
    ['Readiness-MON1', 'MySql/Database/Resource'],
    ['Readiness-MON3', 'Aurora'],
    ['Readiness-MON3', 'MySql'],
    ['Readiness-SCL2', 'Aurora/Cluster/Resource'],
    ['Readiness-SCL6', 'MySql/Database/Resource'],
    ['Readiness-STA4', 'Aurora'],
    ['Readiness-STA4', 'MySql'],
    ['Readiness-STA6', 'Aurora/Cluster/Resource'],
    ['Readiness-STA6', 'MySql/Database/Resource'],
  ],
  total: 14,
};

describe('databases: RDS MySQL instance and Aurora PostgreSQL cluster with their defaults', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('databases', report, expected);
  });
});
