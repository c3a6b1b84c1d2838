import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-DEP1', 'ScaledWeb/Web/Service/Service'],
    ['Readiness-DEP1', 'Web/Web/Service/Service'],
    ['Readiness-DEP3', 'ScaledWeb/Web/Service/Service'],
    ['Readiness-DEP3', 'Web/Web/Service/Service'],
    ['Readiness-MON1', 'ScaledWeb/Web/LB/PublicListener/ECSGroup/Resource'],
    ['Readiness-MON1', 'ScaledWeb/Web/LB/Resource'],
    ['Readiness-MON1', 'ScaledWeb/Web/Service/Service'],
    ['Readiness-MON1', 'Web/Web/LB/PublicListener/ECSGroup/Resource'],
    ['Readiness-MON1', 'Web/Web/LB/Resource'],
    ['Readiness-MON1', 'Web/Web/Service/Service'],
    ['Readiness-MON3', 'ScaledWeb'],
    ['Readiness-MON3', 'Web'],
    ['Readiness-MON4', 'ScaledWeb/Web/LB/Resource'],
    ['Readiness-MON4', 'ScaledWeb/Web/Service/Service'],
    ['Readiness-MON4', 'Web/Web/LB/Resource'],
    ['Readiness-MON4', 'Web/Web/Service/Service'],
    ['Readiness-MON5', 'ScaledWeb/Web/TaskDef/web/LogGroup/Resource'],
    ['Readiness-MON5', 'ScaledWeb/Web/TaskDef/web/LogGroup/Resource'],
    ['Readiness-MON5', 'Web/Web/TaskDef/web/LogGroup/Resource'],
    ['Readiness-MON5', 'Web/Web/TaskDef/web/LogGroup/Resource'],
    ['Readiness-PRF1', 'ScaledWeb/Web/LB/Resource'],
    ['Readiness-PRF1', 'Web/Web/LB/Resource'],
    ['Readiness-PRF2', 'ScaledWeb/Web/LB/Resource'],
    ['Readiness-PRF2', 'Web/Web/LB/Resource'],
    ['Readiness-SCL1', 'Web/Web/Service/Service'],
    ['Readiness-SCL2', 'Web/Web/Service/Service'],
    ['Readiness-SCL3', 'ScaledWeb/Web/LB/PublicListener/ECSGroup/Resource'],
    ['Readiness-SCL3', 'ScaledWeb/Web/LB/PublicListener/ECSGroup/Resource'],
    ['Readiness-SCL3', 'ScaledWeb/Web/LB/Resource'],
    ['Readiness-SCL3', 'ScaledWeb/Web/LB/Resource'],
    ['Readiness-SCL3', 'ScaledWeb/Web/LB/Resource'],
    ['Readiness-SCL3', 'Web/Web/LB/PublicListener/ECSGroup/Resource'],
    ['Readiness-SCL3', 'Web/Web/LB/PublicListener/ECSGroup/Resource'],
    ['Readiness-SCL3', 'Web/Web/LB/Resource'],
    ['Readiness-SCL3', 'Web/Web/LB/Resource'],
    ['Readiness-SCL3', 'Web/Web/LB/Resource'],
    ['Readiness-SCL4', 'ScaledWeb/Web/Service/TaskCount/Target/Resource'],
    ['Readiness-SCL5', 'ScaledWeb/Web/Service/Service'],
    ['Readiness-SCL5', 'Web/Web/Service/Service'],
    // Per-environment gaps: once for both stacks (one account and region), on the first stack by path.
    ['Readiness-SEC1', 'ScaledWeb'],
    ['Readiness-SEC2', 'ScaledWeb'],
    ['Readiness-SEC3', 'ScaledWeb'],
    ['Readiness-SEC3', 'ScaledWeb'],
    ['Readiness-SEC4', 'ScaledWeb'],
    ['Readiness-SEC6', 'ScaledWeb/Web/LB/PublicListener/Resource'],
    ['Readiness-SEC6', 'Web/Web/LB/PublicListener/Resource'],
    ['Readiness-STA4', 'ScaledWeb'],
    ['Readiness-STA4', 'Web'],
  ],
  total: 48,
};

describe('ecs-fargate: ecs_patterns ApplicationLoadBalancedFargateService, with defaults and with auto scaling', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('ecs-fargate', report, expected);
  });

  test('a per-environment gap of two stacks in one account and region is reported once, naming the other stack', () => {
    const sec1 = report.findings.filter((f) => f.ruleId === 'Readiness-SEC1');
    expect(sec1).toHaveLength(1);
    expect(sec1[0].message).toContain('also for Web');
  });
});
