import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('nested-global-table: the expected findings, and no others', () => {
  checkFindings('nested-global-table', synthReport(build()), expected);
});
