import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('lambda-provisioned: the expected findings, and no others', () => {
  checkFindings('lambda-provisioned', synthReport(build()), expected);
});
