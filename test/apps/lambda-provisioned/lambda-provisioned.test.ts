import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    // No SCL4: only scheduled actions move the alias's provisioned concurrency, so it sits at its maximum by plan.
    ['Readiness-MON1', 'Checkout/Checkout/Resource'],
    ['Readiness-MON3', 'Checkout'],
    ['Readiness-MON4', 'Checkout/Checkout/Resource'],
    ['Readiness-MON5', 'Checkout/Checkout/Resource'],
    ['Readiness-PRF1', 'Checkout/Checkout/Resource'],
    ['Readiness-SEC1', 'Checkout'],
    ['Readiness-SEC2', 'Checkout'],
    ['Readiness-SEC3', 'Checkout'],
    ['Readiness-SEC3', 'Checkout'],
    ['Readiness-SEC4', 'Checkout'],
    ['Readiness-STA4', 'Checkout'],
  ],
  total: 11,
};

describe('lambda-provisioned: Lambda alias with provisioned concurrency moved by scheduled scaling only', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('lambda-provisioned', report, expected);
  });
});
