// Integration test app (integ-runner layout): the organization baseline in the management account
// (organization trail, delegated administrators, a backup policy on an OU), the security tooling
// account (GuardDuty, Security Hub central configuration, Inspector, Config aggregator, routing)
// an organization alert bus the member accounts forward their alerts to,
// and a service-managed StackSet of a member baseline to one OU in two regions, owned by the
// delegated administrator, whose template's file asset (a Lambda layer) is read from a StackSet
// asset bucket per region. test/integ-snapshots.test.ts synthesizes it with the CDK CLI and
// compares the templates with integ.organization.ts.snapshot/ (rewrite with `npx projen integ:snapshot`).
import * as path from 'path';
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { addGates } from '../examples/gates';
import {
  ForwardAlertsToOrganization, ManagementAccountCoverage, OrganizationAlertBus, OrganizationBackupPolicy, OrganizationBaseline, ReadinessProfile,
  SecurityToolingBaseline, StackSetAssetBucket, StackSetCaller, StackSetRollout, StackSetStack,
} from '../src';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const ou = 'ou-ab12-integtst';

const management = new Stack(app, 'IntegOrganizationManagement', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });
new OrganizationBaseline(management, 'Organization', { organizationId: 'o-integtest01', securityToolingAccountId: '222222222222' });
new OrganizationBackupPolicy(management, 'BackupPolicy', { targetIds: [ou], regions: ['eu-west-1'], copyRegion: 'eu-central-1' });

const tooling = new Stack(app, 'IntegOrganizationTooling', { env: { account: '222222222222', region: 'eu-west-1' }, terminationProtection: true });
const toolingBaseline = new SecurityToolingBaseline(tooling, 'Tooling', { targetIds: [ou] });
// Member accounts' alerts reach the tooling account through its organization alert bus.
const alertBus = new OrganizationAlertBus(tooling, 'AlertBus', { organizationId: 'o-integtest01', topic: toolingBaseline.incidentRouting.topic });
const member = new StackSetStack('IntegMemberBaseline', { profile: ReadinessProfile.PROD });
new sns.Topic(member, 'Alerts', { enforceSSL: true });
new ForwardAlertsToOrganization(member, 'ForwardAlerts', { eventBusArn: alertBus.memberTargetArn });
// A file asset in the member template: the verifier's bundle as a layer (no role of its own).
new lambda.LayerVersion(member, 'SharedCode', {
  code: lambda.Code.fromAsset(path.join(__dirname, '..', 'assets', 'backup', 'verifier', 'private', 'verifier.lambda')),
  compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
});
const regions = ['eu-west-1', 'eu-central-1'];
const assetStacks = regions.map((region) => new Stack(app, `IntegOrganizationAssets-${region}`, { env: { account: '222222222222', region }, terminationProtection: true }));
const assetBuckets = assetStacks.map((s) => new StackSetAssetBucket(s, 'AssetBucket', { bucketNamePrefix: 'integ-stackset-assets', organizationId: 'o-integtest01' }));
new StackSetRollout(tooling, 'Rollout', {
  template: member,
  organizationalUnitIds: [ou],
  regions,
  callAs: StackSetCaller.DELEGATED_ADMIN,
  managementAccount: ManagementAccountCoverage.NOT_NEEDED,
  assetBuckets,
});

new IntegTest(app, 'Organization', { testCases: [management, ...assetStacks, tooling] });
// CI gate (scripts/gates.sh): AWS Control Tower's proactive controls over the library's resources.
addGates(app);
app.synth();
