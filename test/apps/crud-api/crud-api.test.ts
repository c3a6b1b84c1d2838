import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('crud-api: the expected findings, and no others', () => {
  checkFindings('crud-api', synthReport(build()), expected);
});
