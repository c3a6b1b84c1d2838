import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('backup-by-tag: the expected findings, and no others', () => {
  checkFindings('backup-by-tag', synthReport(build()), expected);
});
