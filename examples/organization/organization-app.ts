// An organization's readiness baseline: the management account, the security tooling account
// (delegated administrator) and a StackSet rollout of the backup vaults and failure alerts to one
// OU in two regions, and of the backup verifier to the DR region (its Lambda code comes from the
// StackSet asset bucket of that region); and one workload account of that OU, which declares the
// coverage the organization gives it (member-workload.ts). docs/organization.md explains the layout
// and the order of the first deployment.
import { App, Aws, CfnCondition, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  BackupFailureAlerts, ManagementAccountCoverage, OrganizationBackupPolicy, OrganizationBaseline, ReadinessBackupVault, ReadinessProfile,
  SecurityToolingBaseline, StackSetCaller, StackSetRollout, StackSetStack,
  // The member accounts' alerts, forwarded to the security tooling account.
  ForwardAlertsToOrganization, OrganizationAlertBus,
  // The backup verifier's rollout and its asset bucket.
  BackupVerifier, StackSetAssetBucket,
} from 'cdk-readiness';
import { buildMemberWorkload, WORKLOAD_ACCOUNT } from './member-workload';

export const ORGANIZATION_ID = 'o-exampleorg1';
export const MANAGEMENT_ACCOUNT = '111111111111';
export const SECURITY_TOOLING_ACCOUNT = '222222222222';
/** The OU of the workload accounts. */
export const WORKLOADS_OU = 'ou-ab12-workload';
export const HOME_REGION = 'eu-west-1';
export const DR_REGION = 'eu-central-1';
const VAULT = 'readiness-backup-vault';
const BACKUP_ROLE = 'ReadinessOrganizationBackup';
/** The StackSet asset buckets are `<prefix>-<region>` (bucket names are global: the prefix names the organization). */
const ASSET_BUCKET_PREFIX = `readiness-stackset-assets-${ORGANIZATION_ID}`;

export interface OrganizationApp {
  readonly management: Stack;
  readonly securityTooling: Stack;
  readonly memberTemplate: StackSetStack;
  /** The stack of the StackSet asset bucket in the DR region (security tooling account). */
  readonly stackSetAssets: Stack;
  readonly verifierTemplate: StackSetStack;
  readonly workload: Stack;
}

/** What every workload account gets in both regions: the vault the backup policy names, its role, failure alerts. */
function memberBaseline(profile: ReadinessProfile, alertBusArn: string): StackSetStack {
  const template = new StackSetStack('ReadinessMemberBaseline', {
    description: 'Backup vault, backup role and backup failure alerts of every workload account (cdk-readiness)',
    profile,
  });
  new ReadinessBackupVault(template, 'Vault', { backupVaultName: VAULT });
  const role = new iam.Role(template, 'BackupRole', {
    roleName: BACKUP_ROLE,
    assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
    ],
  });
  // IAM names are global: the template runs in both regions of every account, the named role is
  // created by the home region's stack instance only (the backup policy runs its plan there).
  (role.node.defaultChild as iam.CfnRole).cfnOptions.condition = new CfnCondition(template, 'InHomeRegion', {
    expression: Fn.conditionEquals(Aws.REGION, HOME_REGION),
  });
  new BackupFailureAlerts(template, 'FailureAlerts');
  // The account's own topics have no subscriber: its alarms and backup failures go to the organization's alert bus.
  new ForwardAlertsToOrganization(template, 'ForwardAlerts', { eventBusArn: alertBusArn });
  return template;
}

/**
 * What every workload account gets in the DR region: the backup verifier, which checks that the
 * home region's recovery points are fresh and copied to the DR vault. Its Lambda code is an asset.
 */
function memberVerifier(profile: ReadinessProfile, alertBusArn: string): StackSetStack {
  const template = new StackSetStack('ReadinessMemberBackupVerifier', {
    description: 'Backup verifier of every workload account, in the DR region (cdk-readiness)',
    profile,
  });
  const vaultArn = (region: string) => `arn:${Aws.PARTITION}:backup:${region}:${Aws.ACCOUNT_ID}:backup-vault:${VAULT}`;
  new BackupVerifier(template, 'Verifier', {
    primaryVaultArns: [vaultArn(HOME_REGION)],
    drVaultArn: vaultArn(DR_REGION),
    verifierName: 'organization-backups',
  });
  // The verifier's alarms only: the baseline's stack instance in this region already forwards backup job failures.
  new ForwardAlertsToOrganization(template, 'ForwardAlerts', { eventBusArn: alertBusArn, forwardBackupJobFailures: false });
  return template;
}

export function buildOrganizationApp(app: App): OrganizationApp {
  const profile = ReadinessProfile.of(app);
  const management = new Stack(app, 'OrganizationManagement', {
    env: { account: MANAGEMENT_ACCOUNT, region: HOME_REGION },
    terminationProtection: true,
    description: 'Organization trail, delegated administrators and backup policies (management account)',
  });
  const organizationBaseline = new OrganizationBaseline(management, 'Baseline', { organizationId: ORGANIZATION_ID, securityToolingAccountId: SECURITY_TOOLING_ACCOUNT });
  const backupPolicy = new OrganizationBackupPolicy(management, 'BackupPolicy', {
    targetIds: [WORKLOADS_OU], regions: [HOME_REGION], copyRegion: DR_REGION, backupVaultName: VAULT, backupRoleName: BACKUP_ROLE,
  });

  const securityTooling = new Stack(app, 'OrganizationSecurityTooling', {
    env: { account: SECURITY_TOOLING_ACCOUNT, region: HOME_REGION },
    terminationProtection: true,
    description: 'Organization-wide GuardDuty, Security Hub, Inspector and Config, findings routing and the StackSet rollout (delegated administrator)',
  });
  const toolingBaseline = new SecurityToolingBaseline(securityTooling, 'Tooling', { targetIds: [WORKLOADS_OU], inspectorMemberAccountIds: [WORKLOAD_ACCOUNT] });
  // Member accounts' alarms and backup failures arrive here, once, and go to the incident routing's topic.
  const alertBus = new OrganizationAlertBus(securityTooling, 'AlertBus', { organizationId: ORGANIZATION_ID, topic: toolingBaseline.incidentRouting.topic });
  const memberTemplate = memberBaseline(profile, alertBus.memberTargetArn);
  new StackSetRollout(securityTooling, 'MemberBaseline', {
    template: memberTemplate,
    organizationalUnitIds: [WORKLOADS_OU],
    regions: [HOME_REGION, DR_REGION],
    callAs: StackSetCaller.DELEGATED_ADMIN,
    // The management account runs no workloads: the backup policy is not attached to it.
    managementAccount: ManagementAccountCoverage.NOT_NEEDED,
  });

  // The verifier's Lambda code, copied by its rollout into the asset bucket of the DR region, which
  // every account of the organization may read. Deployed before the security tooling stack.
  const stackSetAssets = new Stack(app, 'OrganizationStackSetAssets', {
    env: { account: SECURITY_TOOLING_ACCOUNT, region: DR_REGION },
    terminationProtection: true,
    description: 'The StackSet asset bucket of the DR region: Lambda code of the member accounts\' backup verifiers (delegated administrator)',
  });
  const assetBucket = new StackSetAssetBucket(stackSetAssets, 'AssetBucket', { bucketNamePrefix: ASSET_BUCKET_PREFIX, organizationId: ORGANIZATION_ID });
  const verifierTemplate = memberVerifier(profile, alertBus.memberTargetArn);
  new StackSetRollout(securityTooling, 'MemberBackupVerifier', {
    template: verifierTemplate,
    organizationalUnitIds: [WORKLOADS_OU],
    regions: [DR_REGION],
    callAs: StackSetCaller.DELEGATED_ADMIN,
    managementAccount: ManagementAccountCoverage.NOT_NEEDED,
    assetBuckets: [assetBucket],
  });
  // A workload account of the OU: it declares what the organization covers (member-workload.ts).
  const workload = buildMemberWorkload(app, {
    region: HOME_REGION, organizationBaseline, securityTooling: toolingBaseline, backupPolicy, backupVaultName: VAULT,
  });
  return { management, securityTooling, memberTemplate, stackSetAssets, verifierTemplate, workload };
}
