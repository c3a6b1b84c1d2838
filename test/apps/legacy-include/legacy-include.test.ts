import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-BAK1', 'LegacyOrders/OrdersTable'],
    ['Readiness-BAK8', 'LegacyOrders/OrdersTable'],
    ['Readiness-MON1', 'LegacyOrders/OrdersQueue'],
    ['Readiness-MON1', 'LegacyOrders/OrdersTable'],
    ['Readiness-MON1', 'LegacyOrders/OrdersTopic'],
    ['Readiness-MON3', 'LegacyOrders'],
    // Retention (400 days, set through the included L1) passes; the key is missing.
    ['Readiness-MON5', 'LegacyOrders/WorkerLogs'],
    ['Readiness-MON6', 'LegacyOrders/OrdersQueue'],
    ['Readiness-STA4', 'LegacyOrders'],
    ['Readiness-STA6', 'LegacyOrders/OrdersTable'],
  ],
  total: 10,
};

describe('legacy-include: a hand-written YAML template brought in with CfnInclude', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('legacy-include', report, expected);
  });

  test('every included resource is counted; the nested stack whose template is only in S3 is listed as not examined', () => {
    expect(report.summary).toMatchObject({ stacks: 1, resources: 7, notExamined: 1 });
    expect(report.notExamined?.map((r) => [r.type, r.path])).toEqual([['AWS::CloudFormation::Stack', 'LegacyOrders/AlertsStack']]);
  });
});
