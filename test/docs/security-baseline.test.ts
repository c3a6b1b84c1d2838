// docs/security-baseline.md: its samples, run.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ReadinessChecks, ReadinessTesting, SecurityBaseline, ServiceMode } from 'cdk-readiness';
import * as securityMinimal from './samples/security-minimal';
import * as securityProduction from './samples/security-production';

// The baseline's rules: SEC1-SEC5 (SEC6, TLS at the edge, judges listeners and distributions, not the baseline).
const SEC = /^Readiness-SEC[1-5]$/;

/** Code running in a region is what makes SEC1-SEC5 apply there. */
function workload(app: App, id: string, region: string) {
  const stack = new Stack(app, id, { env: { account: '111111111111', region }, terminationProtection: true });
  new lambda.Function(stack, 'Handler', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
  return stack;
}

function secOutcomes(app: App) {
  const checks = new ReadinessChecks(undefined, { printSummary: false });
  checks.validateScope(app);
  const report = checks._lastReport()!;
  return {
    open: report.findings.filter((f) => SEC.test(f.ruleId)).map((f) => `${f.ruleId} ${f.constructPath}`),
    evaluated: report.areas.flatMap((a) => a.rules).filter((r) => SEC.test(r.ruleId)).map((r) => [r.ruleId, r.evaluated > 0]),
  };
}

test('the minimal baseline: SEC1-SEC5 pass for the workload\'s account and region', () => {
  const { app, security } = securityMinimal;
  expect(secOutcomes(app)).toEqual({
    open: [],
    evaluated: [1, 2, 3, 4, 5].map((n) => [`Readiness-SEC${n}`, true]),
  });
  const t = Template.fromStack(security);
  t.resourceCountIs('AWS::GuardDuty::Detector', 1);
  t.resourceCountIs('AWS::SecurityHub::Hub', 1);
  t.hasResourceProperties('AWS::CloudTrail::Trail', { IsMultiRegionTrail: true, EnableLogFileValidation: true });
  t.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
  expect(ReadinessTesting.findings(app).map((f) => f.ruleId).filter((r) => SEC.test(r))).toEqual([]);
});

test('the production baseline: two regions, one trail, findings aggregated and routed', () => {
  const { app, primary, dr } = securityProduction;
  workload(app, 'ApiEu', 'eu-west-1');
  workload(app, 'ApiDr', 'eu-central-1');
  expect(secOutcomes(app).open).toEqual([]);
  const p = Template.fromStack(primary);
  const d = Template.fromStack(dr);
  p.resourceCountIs('AWS::CloudTrail::Trail', 1);
  d.resourceCountIs('AWS::CloudTrail::Trail', 0);
  d.resourceCountIs('AWS::GuardDuty::Detector', 1);
  p.hasResourceProperties('AWS::SecurityHub::FindingAggregator', { RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-central-1'] });
  p.hasResourceProperties('AWS::Events::Rule', {
    Targets: Match.arrayWith([Match.objectLike({ Arn: 'arn:aws:lambda:eu-west-1:111111111111:function:security-triage' })]),
  });
});

test('services the organization already runs are declared, not created', () => {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const stack = workload(app, 'Api', 'eu-west-1');

  // sample: security-baseline/provided
  // GuardDuty, Security Hub and Config come from the organization's delegated administrator here:
  // declare them (the rules accept the declaration) instead of creating a second one, which fails.
  new SecurityBaseline(stack, 'Security', {
    guardDuty: { mode: ServiceMode.PROVIDED },
    securityHub: { mode: ServiceMode.PROVIDED },
    config: { mode: ServiceMode.PROVIDED },
  });
  // end-sample

  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::GuardDuty::Detector', 0);
  t.resourceCountIs('AWS::SecurityHub::Hub', 0);
  t.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
  t.hasResourceProperties('AWS::SSM::Parameter', { Tags: Match.objectLike({ 'cdk-readiness:purpose': 'security-baseline-declaration' }) });
  expect(secOutcomes(app).open).toEqual([]);
});
