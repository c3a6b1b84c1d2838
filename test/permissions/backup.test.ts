/**
 * Permission matrix of the backup constructs (CrossRegionBackup, CrossRegionBackupDr, BackupVerifier
 * with drills, the DR restore automation), decided by the IAM policy evaluator
 * `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later, a test-only devDependency: see policy-model.ts)
 * on the committed integ snapshots, which test/integ-snapshots.test.ts keeps equal to a real synth.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FamilyTemplates, loadFamily, MatrixRow, permissionMatrix } from './matrix';
import { ACCOUNT as A } from './policy-model';
import { alarmContext, admin, deadLetterQueueRows, keyRows, topicRows, trustRows, vaultRows } from './rows';
import { CrossRegionBackupDr, ProtectedResourceType } from '../../src';

/** A verifier that drills every type it can, EBS and EFS included (the integ app drills DynamoDB and Aurora). */
function everyTypeDrilled(): object {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const stack = new Stack(app, 'EveryDrill', { env: { account: '111111111111', region: 'eu-central-1' } });
  new CrossRegionBackupDr(stack, 'BackupDr').verifyBackups({
    primaryVaultArns: ['arn:aws:backup:eu-west-1:111111111111:backup-vault:primary'],
    drills: {
      resourceTypes: [ProtectedResourceType.AURORA, ProtectedResourceType.DOCUMENTDB, ProtectedResourceType.DYNAMODB, ProtectedResourceType.EBS,
        ProtectedResourceType.EFS, ProtectedResourceType.NEPTUNE, ProtectedResourceType.RDS],
    },
  });
  return Template.fromStack(stack).toJSON();
}

const TEMPLATES: FamilyTemplates[] = [
  { name: 'EveryDrill', template: everyTypeDrilled(), region: 'eu-central-1' },
  { file: 'integ.backup-verifier.ts.snapshot/IntegVerifier.template.json', region: 'eu-central-1' },
  { file: 'integ.cross-region-backup.ts.snapshot/IntegBackup.template.json', region: 'eu-west-1' },
  { file: 'integ.cross-region-backup.ts.snapshot/IntegBackupDr.template.json', region: 'eu-central-1' },
];
const stacks = loadFamily(TEMPLATES);
const verifierStack = stacks.get('IntegVerifier')!;
const everyDrill = stacks.get('EveryDrill')!;
const primary = stacks.get('IntegBackup')!;
const dr = stacks.get('IntegBackupDr')!;

const VERIFIER = { role: 'BackupDrVerifierRole90F1D2A6' };
const DRILL_ROLE = 'BackupDrVerifierDrillRestoreRole9C5EE9AF';
const RESTORE_TESTING_ROLE = 'BackupDrRestoreTestingRole39A71085';
const AUTOMATION = { role: 'BackupDrRestoreAutomationAutomationRoleF6DF05C2' };
const DRILL_TAG = 'cdk-readiness:restore-drill';
const tagged = { [`aws:ResourceTag/${DRILL_TAG}`]: 'a1b2c3d4-restore-job' };
const taggingWithDrillTag = { 'aws:TagKeys': [DRILL_TAG], [`aws:RequestTag/${DRILL_TAG}`]: 'a1b2c3d4-restore-job' };
const R = 'eu-central-1';

function verifierRows(st: typeof verifierStack, role: string): MatrixRow[] {
  const s = st.name;
  const v = (action: string, resource: string, expect: 'allowed' | 'denied', because: string, context?: Record<string, string | string[]>): MatrixRow =>
    ({ stack: s, who: { role }, action, resource, context, expect, because });
  const yourVolume = `arn:aws:ec2:${R}:${A}:volume/vol-0123456789abcdef0`;
  const yourFileSystem = `arn:aws:elasticfilesystem:${R}:${A}:file-system/fs-0123456789abcdef0`;
  const drillCluster = `arn:aws:rds:${R}:${A}:cluster:cdkr-drill-0123456789abcdef`;
  const drillTable = `arn:aws:dynamodb:${R}:${A}:table/cdkr-drill-0123456789abcdef`;
  return [
    // The Done-when of issue 22: no volume or file system the drill did not restore, even one that carries the drill tag.
    v('ec2:DeleteVolume', yourVolume, 'denied', 'a volume it did not restore, even one carrying the drill tag', tagged),
    v('ec2:DeleteVolume', yourVolume, 'denied', 'a volume without the tag'),
    v('ec2:CreateTags', yourVolume, 'denied', 'tagging any volume with the drill tag (tag-then-delete)', taggingWithDrillTag),
    v('elasticfilesystem:DeleteFileSystem', yourFileSystem, 'denied', 'a file system it did not restore, even one carrying the drill tag', tagged),
    v('elasticfilesystem:TagResource', yourFileSystem, 'denied', 'tagging any file system with the drill tag', taggingWithDrillTag),
    v('ec2:DeleteSnapshot', `arn:aws:ec2:${R}::snapshot/snap-0123456789abcdef0`, 'denied', 'snapshots (EBS recovery points)'),
    // Databases and tables: only drill names, only the drill tag, deletion only once tagged.
    v('rds:DeleteDBCluster', `arn:aws:rds:${R}:${A}:cluster:orders`, 'denied', 'your cluster, even carrying the drill tag', tagged),
    v('rds:DeleteDBInstance', `arn:aws:rds:${R}:${A}:db:orders-1`, 'denied', 'your instance, even carrying the drill tag', tagged),
    v('rds:ModifyDBCluster', `arn:aws:rds:${R}:${A}:cluster:orders`, 'denied', 'modifying your cluster'),
    v('rds:AddTagsToResource', `arn:aws:rds:${R}:${A}:cluster:orders`, 'denied', 'tagging your cluster', taggingWithDrillTag),
    v('rds:AddTagsToResource', drillCluster, 'allowed', 'the drill tag on a drill-named cluster', taggingWithDrillTag),
    v('rds:AddTagsToResource', drillCluster, 'denied', 'any other tag on a drill-named cluster', { 'aws:TagKeys': ['owner'] }),
    v('rds:DeleteDBCluster', drillCluster, 'denied', 'a drill-named cluster without the drill tag'),
    v('rds:DeleteDBCluster', drillCluster, 'allowed', 'a drill-named cluster with the drill tag', tagged),
    v('dynamodb:DeleteTable', `arn:aws:dynamodb:${R}:${A}:table/orders`, 'denied', 'your table, even carrying the drill tag', tagged),
    v('dynamodb:TagResource', `arn:aws:dynamodb:${R}:${A}:table/orders`, 'denied', 'tagging your table', taggingWithDrillTag),
    v('dynamodb:PutItem', drillTable, 'denied', 'writing to any table, even a drill\'s'),
    v('dynamodb:DeleteTable', drillTable, 'denied', 'a drill-named table without the drill tag'),
    v('dynamodb:DeleteTable', drillTable, 'allowed', 'a drill-named table with the drill tag', tagged),
    v('s3:DeleteBucket', 'arn:aws:s3:::your-bucket', 'denied', 'buckets'),
    v('kms:ScheduleKeyDeletion', st.target('BackupDrVaultKey1AE9752E'), 'denied', 'keys'),
    // Backups: read, never delete.
    v('backup:ListRecoveryPointsByBackupVault', st.target('BackupDrVaultD2BC0788'), 'allowed', 'reads the DR vault'),
    v('backup:DeleteRecoveryPoint', `arn:aws:backup:${R}:${A}:recovery-point:0a1b2c3d-4e5f-6789-abcd-ef0123456789`, 'denied', 'recovery points'),
    v('backup:DeleteBackupVault', st.target('BackupDrVaultD2BC0788'), 'denied', 'the vault'),
    v('kms:Decrypt', st.target('BackupDrVaultKey1AE9752E'), 'denied', 'the DR vault key'),
    // Passing roles: only its drill role, only to AWS Backup.
    v('iam:PassRole', st.target(DRILL_ROLE), 'allowed', 'its drill role to AWS Backup', { 'iam:PassedToService': 'backup.amazonaws.com' }),
    v('iam:PassRole', st.target(DRILL_ROLE), 'denied', 'its drill role to another service', { 'iam:PassedToService': 'ec2.amazonaws.com' }),
    v('iam:PassRole', st.target(RESTORE_TESTING_ROLE), 'denied', 'the restore testing role', { 'iam:PassedToService': 'backup.amazonaws.com' }),
    v('iam:PassRole', `arn:aws:iam::${A}:role/Admin`, 'denied', 'any other role', { 'iam:PassedToService': 'backup.amazonaws.com' }),
  ];
}

function automationRows(s: string, target: (id: string) => string): MatrixRow[] {
  const a = (action: string, resource: string, expect: 'allowed' | 'denied', because: string, context?: Record<string, string>): MatrixRow =>
    ({ stack: s, who: AUTOMATION, action, resource, context, expect, because });
  return [
    a('iam:PassRole', target(RESTORE_TESTING_ROLE), 'allowed', 'the DR restore role to AWS Backup', { 'iam:PassedToService': 'backup.amazonaws.com' }),
    a('iam:PassRole', target(RESTORE_TESTING_ROLE), 'denied', 'to another service', { 'iam:PassedToService': 'ssm.amazonaws.com' }),
    a('iam:PassRole', `arn:aws:iam::${A}:role/Admin`, 'denied', 'any other role', { 'iam:PassedToService': 'backup.amazonaws.com' }),
    a('backup:ListRecoveryPointsByBackupVault', target('BackupDrVaultD2BC0788'), 'allowed', 'reads the DR vault'),
    a('backup:ListRecoveryPointsByBackupVault', `arn:aws:backup:${R}:${A}:backup-vault:other`, 'denied', 'another vault'),
    a('backup:DeleteRecoveryPoint', `arn:aws:backup:${R}:${A}:recovery-point:0a1b2c3d-4e5f-6789-abcd-ef0123456789`, 'denied', 'recovery points'),
    a('rds:DeleteDBCluster', `arn:aws:rds:${R}:${A}:cluster:orders`, 'denied', 'databases'),
    a('kms:Decrypt', target('BackupDrVaultKey1AE9752E'), 'denied', 'the DR vault key'),
  ];
}

function drStackRows(st: typeof dr): MatrixRow[] {
  return [
    ...trustRows(st, RESTORE_TESTING_ROLE, 'backup.amazonaws.com'),
    ...automationRows(st.name, st.target),
    ...trustRows(st, 'BackupDrRestoreAutomationAutomationRoleF6DF05C2', 'ssm.amazonaws.com', {
      'aws:SourceAccount': A, 'aws:SourceArn': `arn:aws:ssm:${R}:${A}:automation-execution/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
    }),
    ...vaultRows(st, 'BackupDrVaultD2BC0788'),
    ...keyRows(st, 'BackupDrVaultKey1AE9752E', [AUTOMATION]),
    ...topicRows(st, 'BackupDrAlertsTopic9D395DC8', 'events.amazonaws.com'),
    ...deadLetterQueueRows(st, 'BackupDrAlertsDeliveryDlqEA14EEDE'),
    ...keyRows(st, 'BackupDrAlertsTopicKeyFA8F951F'),
    // The restore testing role holds only AWS's restore policy: as a "who" it has nothing of ours.
    { stack: st.name, who: { role: RESTORE_TESTING_ROLE }, action: 'kms:Decrypt', resource: st.target('BackupDrAlertsTopicKeyFA8F951F'), expect: 'denied', because: 'none of our grants (AWS\'s managed restore policy is not ours to evaluate)' },
  ];
}

/** The verifier with EBS and EFS drills: the Done-when (no volume or file system it did not restore). */
function everyDrillRows(): MatrixRow[] {
  const st = everyDrill;
  const role = st.roles.find((r) => /VerifierRole/.test(r.logicalId))!.logicalId;
  const drillRole = st.roles.find((r) => /DrillRestoreRole/.test(r.logicalId))!.logicalId;
  return [
    ...verifierRows(st, role),
    ...drStackRows(st),
    ...trustRows(st, role, 'lambda.amazonaws.com'),
    ...trustRows(st, drillRole, 'backup.amazonaws.com'),
    { stack: st.name, who: { role: drillRole }, action: 'ec2:DeleteVolume', resource: `arn:aws:ec2:${R}:${A}:volume/vol-0123456789abcdef0`, expect: 'denied', because: 'none of our grants (AWS\'s managed restore policy is not ours to evaluate)' },
    { stack: st.name, who: { role }, action: 'ec2:DescribeVolumes', resource: '*', expect: 'allowed', because: 'describes volumes (no resource-level permissions)' },
    { stack: st.name, who: { role }, action: 'elasticfilesystem:DescribeFileSystems', resource: `arn:aws:elasticfilesystem:${R}:${A}:file-system/fs-0123456789abcdef0`, expect: 'allowed', because: 'describes file systems' },
    { stack: st.name, who: { role }, action: 'rds:DeleteDBInstance', resource: `arn:aws:rds:${R}:${A}:db:cdkr-drill-0123456789abcdef`, context: tagged, expect: 'allowed', because: 'a drill-named instance with the drill tag' },
    ...st.resourcePolicies.filter((p) => p.type === 'AWS::KMS::Key' || p.type === 'AWS::SNS::Topic').filter((p) => !/BackupDrVault|BackupDrAlerts/.test(p.logicalId))
      .flatMap((p) => (p.type === 'AWS::KMS::Key' ? keyRows(st, p.logicalId) : topicRows(st, p.logicalId, 'cloudwatch.amazonaws.com', alarmContext(R)))),
  ];
}


permissionMatrix('Backup (CrossRegionBackup, CrossRegionBackupDr, BackupVerifier)', TEMPLATES, [
  ...verifierRows(verifierStack, 'BackupDrVerifierRole90F1D2A6'),
  ...everyDrillRows(),
  ...drStackRows(verifierStack),
  ...trustRows(verifierStack, 'BackupDrVerifierRole90F1D2A6', 'lambda.amazonaws.com'),
  ...trustRows(verifierStack, DRILL_ROLE, 'backup.amazonaws.com'),
  { stack: verifierStack.name, who: { role: DRILL_ROLE }, action: 'kms:Decrypt', resource: verifierStack.target('BackupDrVerifierLogKey061FD65F'), expect: 'denied', because: 'none of our grants (AWS\'s managed restore policy is not ours to evaluate)' },
  ...keyRows(verifierStack, 'BackupDrVerifierLogKey061FD65F', [VERIFIER]),
  ...deadLetterQueueRows(verifierStack, 'BackupDrVerifierDeliveryDlqED4EDFD3'),
  ...deadLetterQueueRows(everyDrill, 'BackupDrVerifierDeliveryDlqED4EDFD3'),
  { stack: verifierStack.name, who: { principal: `logs.${R}.amazonaws.com`, account: A, identity: 'none' }, action: 'kms:Decrypt', resource: verifierStack.target('BackupDrVerifierLogKey061FD65F'), expect: 'denied', because: 'CloudWatch Logs without its log group\'s encryption context' },
  ...topicRows(verifierStack, 'ReadinessAlarmRoutingWarningTopic1CB26CDF', 'cloudwatch.amazonaws.com', alarmContext(R)),
  ...topicRows(verifierStack, 'ReadinessAlarmRoutingInfoTopicEB5737B5', 'cloudwatch.amazonaws.com', alarmContext(R)),
  ...keyRows(verifierStack, 'ReadinessAlarmRoutingTopicKeyD5889F9F'),
  ...drStackRows(dr),
  ...trustRows(primary, 'BackupRole4CD139C5', 'backup.amazonaws.com'),
  { stack: primary.name, who: { role: 'BackupRole4CD139C5' }, action: 'kms:Decrypt', resource: primary.target('BackupAlertsTopicKey145CF541'), expect: 'denied', because: 'none of our grants (AWS\'s managed backup policies are not ours to evaluate)' },
  ...vaultRows(primary, 'BackupVault368E0ECE'),
  ...keyRows(primary, 'BackupVaultKeyA286A54F'),
  ...topicRows(primary, 'BackupAlertsTopic23512A53', 'events.amazonaws.com'),
  ...deadLetterQueueRows(primary, 'BackupAlertsDeliveryDlqFBFAF3C8'),
  ...keyRows(primary, 'BackupAlertsTopicKey145CF541'),
  { stack: primary.name, who: admin, action: 'backup:DeleteRecoveryPoint', resource: `arn:aws:backup:eu-west-1:${A}:recovery-point:0a1b2c3d-4e5f-6789-abcd-ef0123456789`, expect: 'denied', because: 'the primary vault\'s points too' },
]);
