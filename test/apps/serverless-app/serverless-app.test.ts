import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('serverless-app: the expected findings, and no others', () => {
  checkFindings('serverless-app', synthReport(build()), expected);
});
