import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('neptune: the expected findings, and no others', () => {
  checkFindings('neptune', synthReport(build()), expected);
});
