import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('env-agnostic: the expected findings, and no others', () => {
  checkFindings('env-agnostic', synthReport(build()), expected);
});
