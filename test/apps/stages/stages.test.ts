import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('stages: the expected findings, and no others', () => {
  checkFindings('stages', synthReport(build()), expected);
});
