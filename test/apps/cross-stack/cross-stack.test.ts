import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('cross-stack: the expected findings, and no others', () => {
  checkFindings('cross-stack', synthReport(build()), expected);
});
