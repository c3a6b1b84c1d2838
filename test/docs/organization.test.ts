// docs/organization.md: its sample, run.
import { Template } from 'aws-cdk-lib/assertions';
import { ReadinessTesting } from 'cdk-readiness';
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
