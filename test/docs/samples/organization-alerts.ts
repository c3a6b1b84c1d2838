import { App, Stack } from 'aws-cdk-lib';
import {
  BackupFailureAlerts, ForwardAlertsToOrganization, ManagementAccountCoverage, OrganizationAlertBus, ReadinessBackupVault, ReadinessProfile,
  SecurityToolingBaseline, StackSetCaller, StackSetRollout, StackSetStack,
} from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const workloads = 'ou-ab12-workload';
const tooling = new Stack(app, 'SecurityTooling', { env: { account: '222222222222', region: 'eu-west-1' }, terminationProtection: true });
const toolingBaseline = new SecurityToolingBaseline(tooling, 'Tooling', { targetIds: [workloads] });
const member = new StackSetStack('MemberBaseline', { profile: ReadinessProfile.PROD });
new ReadinessBackupVault(member, 'Vault', { backupVaultName: 'readiness-backup-vault' });
new BackupFailureAlerts(member, 'FailureAlerts');

// sample: organization/alerts
// Security tooling account: the bus the members forward to; what arrives goes to the incident routing's topic.
const alertBus = new OrganizationAlertBus(tooling, 'AlertBus', { organizationId: 'o-exampleorg1', topic: toolingBaseline.incidentRouting.topic });
// In each member template (StackSetStack): alarms of the template that go to ALARM, and AWS Backup job failures.
new ForwardAlertsToOrganization(member, 'ForwardAlerts', { eventBusArn: alertBus.memberTargetArn });
// end-sample

new StackSetRollout(tooling, 'Rollout', {
  template: member,
  organizationalUnitIds: [workloads],
  regions: ['eu-west-1', 'eu-central-1'],
  callAs: StackSetCaller.DELEGATED_ADMIN,
  managementAccount: ManagementAccountCoverage.NOT_NEEDED,
});

export { app, tooling, member, alertBus };
