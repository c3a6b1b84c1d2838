// docs/custom-rules.md: the registration sample and acknowledging a custom finding, run.
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ReadinessChecks } from 'cdk-readiness';
import * as customRulesApp from './samples/custom-rules-app';
import { PUBLIC_ALB_HAS_WAF } from './samples/rules/public-alb-has-waf';

function albStack(app: App, id: string, region: string, internetFacing = true) {
  const stack = new Stack(app, id, { env: { account: '111111111111', region }, terminationProtection: true });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: [`${region}a`, `${region}b`], natGateways: 0 });
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing });
}

describe('the registered rules, in the report', () => {
  const { app } = customRulesApp;
  albStack(app, 'WebEu', 'eu-west-1');
  albStack(app, 'WebUs', 'us-east-1');
  albStack(app, 'Internal', 'eu-west-1', false);
  let report: any;
  let sarif: any;
  beforeAll(() => {
    expect(() => app.synth()).toThrow(/ERROR Acme-RES1 \[high\] [^\n]*\n\s+- WebUs \([^)]*\): Stack deploys to us-east-1/);
    report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'readiness-report.json'), 'utf-8'));
    sarif = JSON.parse(fs.readFileSync(path.join(app.outdir, 'readiness-report.sarif'), 'utf-8'));
  });

  test('severity from the profile: the WAF rule is a warning in prod-acme, the residency rule an error', () => {
    const custom = report.findings.filter((f: any) => !f.ruleId.startsWith('Readiness-')).map((f: any) => `${f.severity} ${f.ruleId} ${f.constructPath}`);
    expect(custom).toEqual([
      'error Acme-RES1 WebUs',
      'warning Acme-WAF1 WebEu/Alb/Resource',
      'warning Acme-WAF1 WebUs/Alb/Resource',
    ]);
  });

  test('scored in their areas; the internal load balancer is not judged', () => {
    const rule = (area: string, id: string) => report.areas.find((a: any) => a.area === area).rules.find((r: any) => r.ruleId === id);
    // Both load balancers fail, as warnings in prod-acme: a warning earns half.
    expect(rule('security', 'Acme-WAF1')).toMatchObject({ evaluated: 2, passed: 0, warnings: 2, score: 50 });
    expect(rule('environments', 'Acme-RES1')).toMatchObject({ evaluated: 3, passed: 2, score: 66 });
  });

  test('described in the SARIF log with their results', () => {
    const rules = sarif.runs[0].tool.driver.rules.map((r: any) => r.id);
    expect(rules).toEqual(expect.arrayContaining(['Acme-WAF1', 'Acme-RES1']));
    expect(sarif.runs[0].results.filter((r: any) => r.ruleId === 'Acme-WAF1').map((r: any) => r.level)).toEqual(['warning', 'warning']);
  });
});

test('acknowledging a custom finding', () => {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const alb = albStack(app, 'Web', 'eu-west-1');

  // sample: custom-rules/acknowledge
  ReadinessChecks.acknowledgeRule(alb, PUBLIC_ALB_HAS_WAF.info.id, 'Firewall Manager policy fms-alb-baseline associates the web ACL');
  // end-sample

  const checks = new ReadinessChecks(undefined, { rules: [PUBLIC_ALB_HAS_WAF] });
  checks.validateScope(app);
  const report = checks._lastReport()!;
  expect(report.findings.filter((f) => f.ruleId === 'Acme-WAF1')).toEqual([]);
  expect(report.acknowledged.filter((f) => f.ruleId === 'Acme-WAF1').map((f) => [f.constructPath, f.reason])).toEqual([
    ['Web/Alb/Resource', 'Firewall Manager policy fms-alb-baseline associates the web ACL'],
  ]);
});
