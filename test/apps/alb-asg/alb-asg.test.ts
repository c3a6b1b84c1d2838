import { build } from './app';
import { AppExpectation, checkFindings, synthReport } from '../harness';

const expected: AppExpectation = {
  findings: [
    ['Readiness-DEP7', 'WebFleet/Fleet/ASG'],
    ['Readiness-MON1', 'WebFleet/Fleet/ASG'],
    ['Readiness-MON1', 'WebFleet/Lb/Http/FleetGroup/Resource'],
    ['Readiness-MON1', 'WebFleet/Lb/Resource'],
    ['Readiness-MON3', 'WebFleet'],
    ['Readiness-MON4', 'WebFleet/Lb/Resource'],
    ['Readiness-PRF1', 'WebFleet/Lb/Resource'],
    ['Readiness-PRF2', 'WebFleet/Lb/Resource'],
    ['Readiness-SCL3', 'WebFleet/Lb/Http/FleetGroup/Resource'],
    ['Readiness-SCL3', 'WebFleet/Lb/Resource'],
    ['Readiness-SCL3', 'WebFleet/Lb/Resource'],
    ['Readiness-SCL3', 'WebFleet/Lb/Resource'],
    ['Readiness-SCL4', 'WebFleet/Fleet/ASG'],
    ['Readiness-SCL5', 'WebFleet/Fleet/ASG'],
    ['Readiness-SCL8', 'WebFleet/Fleet/ASG'],
    ['Readiness-SCL8', 'WebFleet/Fleet/ASG'],
    ['Readiness-SEC1', 'WebFleet'],
    ['Readiness-SEC2', 'WebFleet'],
    ['Readiness-SEC3', 'WebFleet'],
    ['Readiness-SEC3', 'WebFleet'],
    ['Readiness-SEC4', 'WebFleet'],
    ['Readiness-SEC6', 'WebFleet/Lb/Http/Resource'],
    ['Readiness-STA4', 'WebFleet'],
  ],
  total: 23,
};

describe('alb-asg: internet-facing ALB in front of an Auto Scaling group', () => {
  const report = synthReport(build());

  test('the expected findings, and no others', () => {
    checkFindings('alb-asg', report, expected);
  });
});
