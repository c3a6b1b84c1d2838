// sample: organization/member
import { App, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import {
  FindingSeverity, GuardDutyFeature, InspectorScanType, OrganizationBackupCoverage, OrganizationSecurityCoverage, ReadinessProfile,
  SecurityHubStandard,
} from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const workload = new Stack(app, 'Orders', { env: { account: '333333333333', region: 'eu-west-1' }, terminationProtection: true });

// What the organization's baseline turns on in this account and region (SEC1-SEC5).
new OrganizationSecurityCoverage(workload, 'OrganizationSecurity', {
  organizationTrail: true,
  guardDutyFeatures: [GuardDutyFeature.S3_DATA_EVENTS, GuardDutyFeature.RDS_LOGIN_EVENTS, GuardDutyFeature.LAMBDA_NETWORK_LOGS],
  securityHubStandards: [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES],
  inspectorScanTypes: [InspectorScanType.ECR, InspectorScanType.LAMBDA],
  configRecorder: true,
  findingsRoutedFrom: FindingSeverity.HIGH,
});

// The organization's backup policy backs up what carries its tag, and copies it to eu-central-1 (BAK1, BAK2).
new OrganizationBackupCoverage(workload, 'OrganizationBackups', {
  policyName: 'readiness-organization-backup',
  regions: ['eu-west-1'],
  selectionTagKey: 'backup-plan',
  selectionTagValues: ['organization'],
  copyRegion: 'eu-central-1',
});
const orders = new dynamodb.Table(workload, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  removalPolicy: RemovalPolicy.RETAIN,
});
Tags.of(orders).add('backup-plan', 'organization');
// end-sample

export { app, workload };
