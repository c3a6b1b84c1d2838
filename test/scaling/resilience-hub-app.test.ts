import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ReadinessProfile, ResilienceHubApp, ResilienceTier } from '../../src';

const EU = { account: '111111111111', region: 'eu-west-1' };

function prodApp() {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  return app;
}

describe('ResilienceHubApp', () => {
  test('PROD: the profile\'s RPO and RTO for every disruption, the Region included; the stacks as input sources, other stacks by import', () => {
    const app = prodApp();
    const data = new Stack(app, 'Data', { env: EU });
    const web = new Stack(app, 'Web', { env: EU });
    new ResilienceHubApp(web, 'Resilience', { stacks: [web, data] });
    const t = Template.fromStack(web);
    const targets = { RpoInSecs: 24 * 3600, RtoInSecs: 4 * 3600 };
    t.hasResourceProperties('AWS::ResilienceHub::ResiliencyPolicy', {
      PolicyName: 'Web-prod',
      Tier: 'Critical',
      Policy: { Software: targets, Hardware: targets, AZ: targets, Region: targets },
    });
    t.hasResourceProperties('AWS::ResilienceHub::App', {
      Name: 'Web',
      AppAssessmentSchedule: 'Daily',
      ResiliencyPolicyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ResiliencePolicy'), 'PolicyArn'] },
      ResourceMappings: [
        { MappingType: 'CfnStack', LogicalStackName: 'Web', PhysicalResourceId: { Identifier: { Ref: 'AWS::StackId' }, Type: 'Arn', AwsAccountId: '111111111111', AwsRegion: 'eu-west-1' } },
        { MappingType: 'CfnStack', LogicalStackName: 'Data', PhysicalResourceId: { Identifier: { 'Fn::ImportValue': Match.stringLikeRegexp('^Data:ExportsOutputRefAWSStackId') } } },
      ],
    });
    expect(JSON.parse(t.findResources('AWS::ResilienceHub::App')[Object.keys(t.findResources('AWS::ResilienceHub::App'))[0]].Properties.AppTemplateBody)).toEqual({ resources: [], appComponents: [], excludedResources: {}, version: 2 });
  });

  test('DEV: no Region target, Important tier; tier, name and schedule can be set', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    const stack = new Stack(app, 'Svc', { env: EU });
    new ResilienceHubApp(stack, 'Default', { stacks: [stack] });
    new ResilienceHubApp(stack, 'Custom', { stacks: [stack], appName: 'payments', tier: ResilienceTier.MISSION_CRITICAL, dailyAssessment: false });
    const t = Template.fromStack(stack);
    const policies = Object.values(t.findResources('AWS::ResilienceHub::ResiliencyPolicy')).map((r) => r.Properties);
    expect(policies.map((p) => [p.PolicyName, p.Tier, Object.keys(p.Policy).sort()])).toEqual([
      ['Svc-dev', 'Important', ['AZ', 'Hardware', 'Software']],
      ['payments-dev', 'MissionCritical', ['AZ', 'Hardware', 'Software']],
    ]);
    t.hasResourceProperties('AWS::ResilienceHub::App', { Name: 'payments', AppAssessmentSchedule: 'Disabled' });
  });

  test('bad input: a stack of another region, no stacks, an invalid name', () => {
    const app = prodApp();
    const eu = new Stack(app, 'Eu', { env: EU });
    const us = new Stack(app, 'Us', { env: { ...EU, region: 'us-east-1' } });
    expect(() => new ResilienceHubApp(eu, 'A', { stacks: [eu, us] })).toThrow(
      "ResilienceHubApp 'Eu/A': invalid stacks \"Us\". That stack is in 111111111111/us-east-1, this construct in 111111111111/eu-west-1: a Resilience Hub application is regional. Add one ResilienceHubApp per account and region.",
    );
    expect(() => new ResilienceHubApp(eu, 'B', { stacks: [] })).toThrow(/invalid stacks \[\]\. Pass the stacks/);
    expect(() => new ResilienceHubApp(eu, 'C', { stacks: [eu], appName: 'no spaces please' })).toThrow(/invalid appName "no spaces please"/);
  });
});
