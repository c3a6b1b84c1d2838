// docs/organization.md: its sample, run.
import { Template } from 'aws-cdk-lib/assertions';
import { ReadinessTesting } from 'cdk-readiness';
import * as alerts from './samples/organization-alerts';
import * as assets from './samples/organization-assets';
import * as rollout from './samples/organization-rollout';

test('the rollout sample is production-ready and deploys the member baseline to the OU in both regions as delegated administrator', () => {
  expect(ReadinessTesting.findings(rollout.app)).toEqual([]);
  Template.fromStack(rollout.tooling).hasResourceProperties('AWS::CloudFormation::StackSet', {
    CallAs: 'DELEGATED_ADMIN',
    StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-workload'] }, Regions: ['eu-west-1', 'eu-central-1'] }],
  });
  Template.fromStack(rollout.management).hasResourceProperties('AWS::Organizations::Policy', { Type: 'BACKUP_POLICY', TargetIds: ['ou-ab12-workload'] });
});

test('the assets sample is production-ready: the verifier\'s code comes from the DR region\'s asset bucket, copied there by the rollout', () => {
  expect(ReadinessTesting.findings(assets.app)).toEqual([]);
  const stackSet = Object.values<any>(Template.fromStack(assets.tooling).findResources('AWS::CloudFormation::StackSet'))[0];
  const fn = Object.values<any>(JSON.parse(stackSet.Properties.TemplateBody).Resources).find((r) => r.Type === 'AWS::Lambda::Function');
  expect(fn.Properties.Code.S3Bucket).toEqual({ 'Fn::Sub': 'acme-stackset-assets-o-exampleorg1-${AWS::Region}' });
  Template.fromStack(assets.tooling).resourceCountIs('Custom::ReadinessStackSetAssetCopy', 1);
});

test('the alerts sample is production-ready: the member template forwards to the tooling account\'s alert bus, which the organization may put events on', () => {
  expect(ReadinessTesting.findings(alerts.app)).toEqual([]);
  const stackSet = Object.values<any>(Template.fromStack(alerts.tooling).findResources('AWS::CloudFormation::StackSet'))[0];
  const rules = Object.values<any>(JSON.parse(stackSet.Properties.TemplateBody).Resources).filter((r) => r.Type === 'AWS::Events::Rule');
  const toBus = (t: any) => JSON.stringify(t.Arn).includes(':events:eu-west-1:222222222222:event-bus/readiness-organization-alerts');
  expect(rules.filter((r) => r.Properties.Targets.some(toBus))).toHaveLength(3);
  Template.fromStack(alerts.tooling).hasResourceProperties('AWS::Events::EventBusPolicy', {
    Statement: { Action: 'events:PutEvents', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } } },
  });
});
