import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('alb-asg: the expected findings, and no others', () => {
  checkFindings('alb-asg', synthReport(build()), expected);
});
