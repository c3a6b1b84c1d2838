// sample: organization/rollout
import { App, Stack } from 'aws-cdk-lib';
import {
  BackupFailureAlerts, ManagementAccountCoverage, OrganizationBackupPolicy, OrganizationBaseline, ReadinessBackupVault, ReadinessProfile,
  SecurityToolingBaseline, StackSetCaller, StackSetRollout, StackSetStack,
} from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const workloads = 'ou-ab12-workload';

// Management account: organization trail, delegated administrators, the backup policy of the OU.
const management = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });
new OrganizationBaseline(management, 'Baseline', { organizationId: 'o-exampleorg1', securityToolingAccountId: '222222222222' });
new OrganizationBackupPolicy(management, 'Backups', { targetIds: [workloads], regions: ['eu-west-1'], copyRegion: 'eu-central-1' });

// Security tooling account (delegated administrator): organization-wide services, routing, the rollout.
const tooling = new Stack(app, 'SecurityTooling', { env: { account: '222222222222', region: 'eu-west-1' }, terminationProtection: true });
new SecurityToolingBaseline(tooling, 'Tooling', { targetIds: [workloads] });

// What every workload account gets in both regions: an asset-free template of its own.
const member = new StackSetStack('MemberBaseline', { profile: ReadinessProfile.PROD });
new ReadinessBackupVault(member, 'Vault', { backupVaultName: 'readiness-backup-vault' });
new BackupFailureAlerts(member, 'FailureAlerts');
new StackSetRollout(tooling, 'Rollout', {
  template: member,
  organizationalUnitIds: [workloads],
  regions: ['eu-west-1', 'eu-central-1'],
  callAs: StackSetCaller.DELEGATED_ADMIN,
  managementAccount: ManagementAccountCoverage.NOT_NEEDED,
});
// end-sample

export { app, management, tooling };
