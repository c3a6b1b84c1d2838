import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('legacy-include: the expected findings, and no others', () => {
  checkFindings('legacy-include', synthReport(build()), expected);
});
