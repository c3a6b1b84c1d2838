// docs/organization.md: its sample, run.
import { Template } from 'aws-cdk-lib/assertions';
import { ReadinessTesting } from 'cdk-readiness';
import * as rollout from './samples/organization-rollout';

test('the rollout sample is production-ready and deploys the member baseline to the OU in both regions as delegated administrator', () => {
  expect(ReadinessTesting.findings(rollout.app)).toEqual([]);
  Template.fromStack(rollout.tooling).hasResourceProperties('AWS::CloudFormation::StackSet', {
    CallAs: 'DELEGATED_ADMIN',
    StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-workload'] }, Regions: ['eu-west-1', 'eu-central-1'] }],
  });
  Template.fromStack(rollout.management).hasResourceProperties('AWS::Organizations::Policy', { Type: 'BACKUP_POLICY', TargetIds: ['ou-ab12-workload'] });
});
