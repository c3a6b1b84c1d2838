import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [],
  total: 0,
};

test('ecs_patterns Fargate services (defaults; with auto scaling): the expected findings, and no others', () => {
  checkFindings('ecs-fargate', synthReport(build()), expected);
});
