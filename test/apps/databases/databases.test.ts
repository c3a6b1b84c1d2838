import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('databases: the expected findings, and no others', () => {
  checkFindings('databases', synthReport(build()), expected);
});
