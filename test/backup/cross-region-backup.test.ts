import { App, Duration, Lazy, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import {
  CrossRegionBackup, CrossRegionBackupDr, ProtectedResourceType, ReadinessProfile, RestoreMetadataOverride, VaultLock,
} from '../../src';
import { findingsOf } from '../util/findings';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const DR: StackProps = { env: { account: '111111111111', region: 'eu-central-1' } };
const DR_ARN = 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr-vault';

function prodApp() {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  return app;
}
function table(scope: Stack, id: string) {
  return new ddb.Table(scope, id, { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
}

/** A PROD primary + DR app: Data, Backup (eu-west-1) and Dr (eu-central-1) stacks. */
function twoRegions() {
  const app = prodApp();
  const dr = new Stack(app, 'Dr', DR);
  const data = new Stack(app, 'Data', EU);
  const primary = new Stack(app, 'Backup', EU);
  const companion = new CrossRegionBackupDr(dr, 'BackupDr', { backupVaultName: 'dr-vault' });
  const backup = new CrossRegionBackup(primary, 'Backup', { drVaultArn: companion.backupVaultArn, backupVaultName: 'primary-vault' });
  return { app, dr, data, primary, companion, backup };
}

describe('vaults', () => {
  test('primary vault: customer KMS key with rotation, RETAIN, compliance lock from the PROD profile', () => {
    const { primary } = twoRegions();
    const t = Template.fromStack(primary);
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BackupVaultName: 'primary-vault',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BackupVaultKey'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 365, ChangeableForDays: 3 },
      },
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('DR companion: vault in the DR region with its own key and lock (min = profile copy retention), ARN is a literal-region string', () => {
    const { dr, companion } = twoRegions();
    const t = Template.fromStack(dr);
    t.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'dr-vault',
      EncryptionKeyArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 365, ChangeableForDays: 3 },
    });
    expect(companion.backupVaultArn).toMatch(/:backup:eu-central-1:111111111111:backup-vault:dr-vault$/);
    expect(companion.region).toBe('eu-central-1');
  });

  test('no cross-region construct reference: the primary stack neither imports nor depends on the DR stack', () => {
    const { app, primary, dr } = twoRegions();
    const asm = app.synth();
    expect(JSON.stringify(asm.getStackByName(primary.stackName).template)).not.toContain('Fn::ImportValue');
    expect(primary.dependencies).not.toContain(dr);
    expect(JSON.stringify(asm.getStackByName(dr.stackName).template.Outputs ?? {})).not.toContain('Export');
  });

  test('access policy denies recovery-point deletion to everyone but the break-glass role', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    const breakGlass = iam.Role.fromRoleName(stack, 'BreakGlass', 'break-glass');
    new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN, breakGlassRole: breakGlass });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: [{
          Effect: 'Deny',
          Principal: { AWS: '*' },
          // Also the policy itself: else an administrator swaps the policy, then deletes
          // (and the AWS Config rule behind BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED needs PutBackupVaultAccessPolicy denied).
          Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy'],
          Resource: '*',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':role/break-glass$')])] } } },
        }],
      },
    });
    // The framework control does not count the break-glass role's exemption as a violation.
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::Framework', {
      FrameworkControls: Match.arrayWith([{
        ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
        ControlInputParameters: [{ ParameterName: 'principalArnList', ParameterValue: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':role/break-glass$')])] } }],
      }]),
    });
  });

  test('without a break-glass role nobody may delete recovery points', () => {
    const { primary } = twoRegions();
    Template.fromStack(primary).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: Match.absent() })] },
    });
  });

  test('compliance lock: a warning annotation says when it becomes permanent', () => {
    const { primary } = twoRegions();
    Annotations.fromStack(primary).hasWarning('/Backup/Backup/Vault', Match.stringLikeRegexp('3 days after the first deployment the lock becomes PERMANENT'));
  });

  test('DEV: no vault lock by default; governance lock on request', () => {
    const app = new App();
    ReadinessProfile.DEV.applyTo(app);
    const a = new Stack(app, 'A', EU);
    new CrossRegionBackup(a, 'Backup');
    const b = new Stack(app, 'B', EU);
    new CrossRegionBackup(b, 'Backup', { vaultLock: VaultLock.governance({ minRetention: Duration.days(7), maxRetention: Duration.days(30) }) });
    Template.fromStack(a).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.absent() });
    Template.fromStack(b).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 30, ChangeableForDays: Match.absent() } });
  });

  test('air-gapped vault name from a token vault name: no token text in the name', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN, backupVaultName: Lazy.string({ produce: () => 'late-name' }), airGappedVault: {} });
    const lag = Object.values<any>(Template.fromStack(stack).findResources('AWS::Backup::LogicallyAirGappedBackupVault'))[0];
    expect(lag.Properties.BackupVaultName).toMatch(/^[a-zA-Z0-9\-_]{2,50}$/);
    expect(lag.Properties.BackupVaultName).toMatch(/-airgap$/);
  });

  test('optional logically air-gapped vault, retained, receives copies', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN, airGappedVault: { backupVaultName: 'airgap' } });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::Backup::LogicallyAirGappedBackupVault', {
      DeletionPolicy: 'Retain',
      Properties: { BackupVaultName: 'airgap', MinRetentionDays: 35, MaxRetentionDays: 365 },
    });
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([Match.objectLike({
          RuleName: 'Daily',
          CopyActions: [Match.objectLike({ DestinationBackupVaultArn: DR_ARN }), Match.objectLike({ DestinationBackupVaultArn: { 'Fn::GetAtt': [Match.anyValue(), 'BackupVaultArn'] } })],
        })]),
      },
    });
  });
});

describe('plan', () => {
  test('a profile RPO shorter than a day schedules the "daily" rule every rpoHours hours', () => {
    const app = new App();
    ReadinessProfile.PROD.extend('prod-rpo6', { rpoHours: 6 }).applyTo(app);
    const stack = new Stack(app, 'S', EU);
    new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Daily', ScheduleExpression: 'cron(0 */6 * * ? *)' })]) },
    });
  });

  test('daily (continuous) kept minBackupRetentionDays and monthly kept monthlyBackupRetentionDays, each copied to the DR vault with its own retention, with windows', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN, copyRetention: Duration.days(60), startWindow: Duration.hours(2), completionWindow: Duration.hours(10) });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          {
            RuleName: 'Daily',
            ScheduleExpression: 'cron(0 5 * * ? *)',
            EnableContinuousBackup: true,
            Lifecycle: { DeleteAfterDays: 35 },
            StartWindowMinutes: 120,
            CompletionWindowMinutes: 600,
            TargetBackupVault: Match.anyValue(),
            CopyActions: [{ DestinationBackupVaultArn: DR_ARN, Lifecycle: { DeleteAfterDays: 60 } }],
          },
          Match.objectLike({
            RuleName: 'Monthly',
            ScheduleExpression: 'cron(0 5 1 * ? *)',
            EnableContinuousBackup: Match.absent(),
            Lifecycle: { DeleteAfterDays: 365 },
            CopyActions: [{ DestinationBackupVaultArn: DR_ARN, Lifecycle: { DeleteAfterDays: 365 } }],
          }),
        ],
      },
    });
  });

  test('DEV profile: daily 7 days, no monthly rule, no copy needed', () => {
    const app = new App();
    ReadinessProfile.DEV.applyTo(app);
    const stack = new Stack(app, 'S', EU);
    new CrossRegionBackup(stack, 'Backup');
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 7 }, CopyActions: Match.absent() })] },
    });
  });
});

describe('selection', () => {
  test('protect() selects RDS, Aurora, DynamoDB and EFS by reference, across stacks of the same region', () => {
    const { data, primary, backup } = twoRegions();
    const vpc = new ec2.Vpc(data, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const aurora = new rds.DatabaseCluster(data, 'Aurora', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const instance = new rds.DatabaseInstance(data, 'Pg', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const fs = new efs.FileSystem(data, 'Files', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    const orders = table(data, 'Orders');
    for (const r of [aurora, instance, fs, orders]) backup.protect(r);
    const t = Template.fromStack(primary);
    t.resourceCountIs('AWS::Backup::BackupSelection', 1);
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        SelectionName: 'protected-resources',
        IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BackupRole'), 'Arn'] },
        Resources: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.anyValue() }), { 'Fn::ImportValue': Match.anyValue() }]),
      },
    });
    expect(backup.protectedResourceTypes).toEqual([
      ProtectedResourceType.AURORA, ProtectedResourceType.DYNAMODB, ProtectedResourceType.EFS, ProtectedResourceType.RDS,
    ]);
  });

  /** Data stores added before and after protectScope(), and a queue AWS Backup does not protect. */
  function scoped() {
    const env = twoRegions();
    const { data, backup } = env;
    table(data, 'A');
    backup.protectScope(data);
    table(data, 'B'); // added after the call
    const vpc = new ec2.Vpc(data, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    new rds.DatabaseCluster(data, 'Aurora', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    new sqs.Queue(data, 'NotABackupTarget');
    return env;
  }

  test('protectScope() selects every supported resource under a construct, resources added later included, cluster members left to the cluster', () => {
    const { primary } = scoped();
    const t = Template.fromStack(primary);
    const sel = Object.values<any>(t.findResources('AWS::Backup::BackupSelection'))[0];
    expect(sel.Properties.BackupSelection.Resources).toHaveLength(3); // A, B and the Aurora cluster; not its writer instance, not the queue
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'Aurora' }); // type of a resource added after the call
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'DynamoDB' });
  });

  test('protectScope(): BAK1 and BAK5 see every data store of the scope protected and restore-tested', () => {
    const { app } = scoped();
    expect(findingsOf(app, 'Readiness-BAK1')).toEqual([]);
    expect(findingsOf(app, 'Readiness-BAK5')).toEqual([]);
  });

  /** Two tables: one with both tags, one with only one of them. */
  function tagged() {
    const env = twoRegions();
    env.backup.protectByTags({ app: 'web', env: 'prod' }, [ProtectedResourceType.DYNAMODB]);
    const both = table(env.data, 'Both');
    Tags.of(both).add('app', 'web');
    Tags.of(both).add('env', 'prod');
    const one = table(env.data, 'OnlyApp');
    Tags.of(one).add('app', 'web');
    return env;
  }

  test('tag selection has real AND semantics (Conditions.StringEquals, not ListOfTags)', () => {
    Template.fromStack(tagged().primary).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        Resources: ['*'],
        ListOfTags: Match.absent(),
        Conditions: {
          StringEquals: [
            { ConditionKey: 'aws:ResourceTag/app', ConditionValue: 'web' },
            { ConditionKey: 'aws:ResourceTag/env', ConditionValue: 'prod' },
          ],
        },
      },
    });
  });

  test('tag selection across stacks: only the table with BOTH tags is backed up (BAK1 reads AWS Backup semantics)', () => {
    expect(findingsOf(tagged().app, 'Readiness-BAK1').map((f) => f.constructPath)).toEqual(['Data/OnlyApp/Resource']);
  });

  test('protectArn() for imported DocumentDB/Neptune clusters, with the type given', () => {
    const { primary, backup } = twoRegions();
    backup.protectArn('arn:aws:rds:eu-west-1:111111111111:cluster:graph', ProtectedResourceType.NEPTUNE);
    backup.protectArn('arn:aws:dynamodb:eu-west-1:111111111111:table/legacy');
    Template.fromStack(primary).hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { Resources: ['arn:aws:rds:eu-west-1:111111111111:cluster:graph', 'arn:aws:dynamodb:eu-west-1:111111111111:table/legacy'] },
    });
    expect(backup.protectedResourceTypes).toEqual([ProtectedResourceType.DYNAMODB, ProtectedResourceType.NEPTUNE]);
  });
});

describe('restore testing', () => {
  test('a restore testing plan over the primary vault, one selection per protected type, with metadata and a validation window', () => {
    const app = prodApp();
    const data = new Stack(app, 'S', EU);
    const backup = new CrossRegionBackup(data, 'Backup', {
      drVaultArn: DR_ARN,
      restoreTesting: {
        validationWindow: Duration.hours(6),
        dbSubnetGroupName: 'restore-tests',
        metadataOverrides: [RestoreMetadataOverride.of(ProtectedResourceType.DYNAMODB, 'encryptionType', 'Default')],
      },
    });
    backup.protect(table(data, 'T'));
    backup.protectArn('arn:aws:rds:eu-west-1:111111111111:db:orders');
    const t = Template.fromStack(data);
    t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      ScheduleExpression: 'cron(0 3 ? * SUN *)',
      StartWindowHours: 24,
      // The daily rule is continuous: RDS/Aurora keep one continuous recovery point, not daily snapshots.
      RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: [{ 'Fn::GetAtt': [Match.anyValue(), 'BackupVaultArn'] }], RecoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'], SelectionWindowDays: 7 },
    });
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'DynamoDB',
      ProtectedResourceArns: ['*'],
      ValidationWindowHours: 6,
      RestoreMetadataOverrides: { encryptionType: 'Default' },
    });
    t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'RDS', RestoreMetadataOverrides: { dbsubnetgroupname: 'restore-tests' },
    });
    t.resourceCountIs('AWS::Backup::RestoreTestingSelection', 2);
  });

  test('without continuous backup, restore tests pick snapshots only', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN, continuousBackup: false });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RecoveryPointSelection: Match.objectLike({ RecoveryPointTypes: ['SNAPSHOT'] }),
    });
  });

  test('continuous daily rule: BAK5 sees the restore tests able to pick the continuous recovery points of Aurora', () => {
    const { app, data, backup } = twoRegions();
    const vpc = new ec2.Vpc(data, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    backup.protect(new rds.DatabaseCluster(data, 'Aurora', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    }));
    expect(findingsOf(app, 'Readiness-BAK5')).toEqual([]);
  });

  test('the DR companion tests restores of the copies in the DR region', () => {
    const { dr } = twoRegions();
    const t = Template.fromStack(dr);
    t.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RecoveryPointSelection: Match.objectLike({ IncludeVaults: [{ 'Fn::GetAtt': [Match.anyValue(), 'BackupVaultArn'] }] }),
    });
    for (const type of ['Aurora', 'DynamoDB', 'EFS', 'EBS', 'RDS', 'DocumentDB', 'Neptune']) {
      t.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: type });
    }
  });
});

describe('compliance framework', () => {
  test('controls for cross-region copy, minimum retention, RPO, vault lock and RTO from the profile', () => {
    const { data, primary, backup } = twoRegions();
    backup.protect(table(data, 'T'));
    const t = Template.fromStack(primary);
    const scope = { ComplianceResourceTypes: ['DynamoDB'] };
    t.hasResourceProperties('AWS::Backup::Framework', {
      FrameworkControls: Match.arrayWith([
        Match.objectLike({ ControlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', ControlInputParameters: Match.arrayWith([{ ParameterName: 'requiredRetentionDays', ParameterValue: '35' }]) }),
        { ControlName: 'BACKUP_LAST_RECOVERY_POINT_CREATED', ControlInputParameters: [{ ParameterName: 'recoveryPointAgeUnit', ParameterValue: 'hours' }, { ParameterName: 'recoveryPointAgeValue', ParameterValue: '24' }], ControlScope: scope },
        { ControlName: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', ControlInputParameters: [{ ParameterName: 'maxRestoreTime', ParameterValue: '240' }], ControlScope: scope },
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', ControlInputParameters: [{ ParameterName: 'crossRegionList', ParameterValue: 'eu-central-1' }], ControlScope: scope },
        { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', ControlInputParameters: [{ ParameterName: 'minRetentionDays', ParameterValue: '35' }, { ParameterName: 'maxRetentionDays', ParameterValue: '365' }], ControlScope: scope },
      ]),
    });
  });

  test('one framework per account and region: a second CrossRegionBackup in the region adds its scope to the first one\'s', () => {
    const app = prodApp();
    const a = new Stack(app, 'A', EU);
    const b = new Stack(app, 'B', EU);
    const first = new CrossRegionBackup(a, 'First', { drVaultArn: DR_ARN });
    const second = new CrossRegionBackup(a, 'Second', { drVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:far' });
    const third = new CrossRegionBackup(b, 'Third', { drVaultArn: DR_ARN });
    second.protect(table(a, 'T'));
    Template.fromStack(a).resourceCountIs('AWS::Backup::Framework', 1);
    Template.fromStack(b).resourceCountIs('AWS::Backup::Framework', 0);
    expect(second.complianceFramework).toBe(first.complianceFramework);
    expect(third.complianceFramework).toBe(first.complianceFramework);
    Template.fromStack(a).hasResourceProperties('AWS::Backup::Framework', {
      FrameworkControls: Match.arrayWith([{
        ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
        ControlInputParameters: [{ ParameterName: 'crossRegionList', ParameterValue: 'eu-central-1,us-east-1' }],
        ControlScope: { ComplianceResourceTypes: ['DynamoDB'] },
      }]),
    });
  });

  test('one framework per region: CrossRegionBackups in two regions make two; env-agnostic stacks one each', () => {
    const app = prodApp();
    const eu = new Stack(app, 'Eu', EU);
    const us = new Stack(app, 'Us', { env: { account: '111111111111', region: 'us-east-1' } });
    new CrossRegionBackup(eu, 'Backup', { drVaultArn: DR_ARN });
    new CrossRegionBackup(us, 'Backup', { drVaultArn: DR_ARN });
    Template.fromStack(eu).resourceCountIs('AWS::Backup::Framework', 1);
    Template.fromStack(us).resourceCountIs('AWS::Backup::Framework', 1);

    const dev = new App();
    ReadinessProfile.DEV.applyTo(dev);
    const x = new Stack(dev, 'X');
    const y = new Stack(dev, 'Y');
    new CrossRegionBackup(x, 'Backup');
    new CrossRegionBackup(y, 'Backup');
    Template.fromStack(x).resourceCountIs('AWS::Backup::Framework', 1);
    Template.fromStack(y).resourceCountIs('AWS::Backup::Framework', 1);
  });

  test('enableComplianceFramework: false leaves the framework to another app or stack', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    const backup = new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN, enableComplianceFramework: false });
    Template.fromStack(stack).resourceCountIs('AWS::Backup::Framework', 0);
    expect(backup.complianceFramework).toBeUndefined();
  });

  test('optional report plan to an S3 bucket, with the bucket policy Backup Audit Manager needs', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    const bucket = new s3.Bucket(stack, 'Reports', { enforceSSL: true });
    new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN, reportBucket: bucket });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Backup::ReportPlan', {
      ReportDeliveryChannel: { S3BucketName: { Ref: Match.stringLikeRegexp('Reports') }, S3KeyPrefix: 'backup-compliance', Formats: ['CSV', 'JSON'] },
      ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [{ 'Fn::GetAtt': [Match.anyValue(), 'FrameworkArn'] }] },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowBackupAuditManagerReports', Action: 's3:PutObject' })]) },
    });
  });
});

describe('alerts', () => {
  test('backup, copy and restore job failures go to a KMS-encrypted topic with runbook text, in both regions', () => {
    const { primary, dr } = twoRegions();
    for (const stack of [primary, dr]) {
      const t = Template.fromStack(stack);
      const target = (field: string) => [Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('AlertsTopic') },
        InputTransformer: Match.objectLike({
          InputPathsMap: Match.objectLike({ [`detail-${field}`]: `$.detail.${field}` }),
          InputTemplate: Match.stringLikeRegexp(`<detail-${field}>[\\s\\S]*Runbook`),
        }),
      })];
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          'source': ['aws.backup'],
          'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
          'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] },
        },
        Targets: target('state'),
      });
      // Restore job events carry `status`, not `state`: a rule on `state` never sees a failed restore.
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { 'source': ['aws.backup'], 'detail-type': ['Restore Job State Change'], 'detail': { status: ['FAILED', 'ABORTED'] } },
        Targets: target('status'),
      });
      t.resourcePropertiesCountIs('AWS::Events::Rule', { EventPattern: { 'detail-type': Match.arrayWith(['Restore Job State Change']), 'detail': { state: Match.anyValue() } } }, 0);
      t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsTopicKey'), 'Arn'] } });
    }
  });

  test('an alert EventBridge cannot deliver lands in an encrypted dead-letter queue whose alarm goes to the alerts topic', () => {
    const { primary } = twoRegions();
    const t = Template.fromStack(primary);
    const rules = Object.values(t.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: ['aws.backup'] } } })) as any[];
    expect(rules.length).toBeGreaterThanOrEqual(2);
    for (const target of rules.flatMap((r) => r.Properties.Targets)) {
      expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/AlertsDeliveryDlq/);
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 });
    }
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsDeliveryDlq'), 'QueueName'] } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlertsTopic') }],
    });
  });
});

describe('bad input', () => {
  test('DR region equal to the primary region', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    expect(() => new CrossRegionBackup(stack, 'Backup', { drVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:dr' }))
      .toThrow(/CrossRegionBackup 'S\/Backup': invalid drVaultArn "arn:aws:backup:eu-west-1:111111111111:backup-vault:dr"\. The DR vault is in eu-west-1, the same region as this stack: put CrossRegionBackupDr in a stack of another region/);
  });

  test('a DR companion in a stack of the same region, wired through its ARN', () => {
    const app = prodApp();
    const dr = new CrossRegionBackupDr(new Stack(app, 'Dr', EU), 'BackupDr');
    expect(() => new CrossRegionBackup(new Stack(app, 'S', EU), 'Backup', { drVaultArn: dr.backupVaultArn })).toThrow(/same region as this stack/);
  });

  test('copy retention below the profile minimum', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    expect(() => new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN, copyRetention: Duration.days(7) }))
      .toThrow(/invalid copyRetention 7 days\. Profile 'prod' requires cross-region copies to be kept at least 35 days \(minCopyRetentionDays\): use copyRetention: Duration\.days\(35\) or more/);
  });

  test('vault lock minimum above maximum', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    expect(() => new CrossRegionBackup(stack, 'Backup', {
      drVaultArn: DR_ARN,
      vaultLock: VaultLock.compliance({ minRetention: Duration.days(400), maxRetention: Duration.days(35) }),
    })).toThrow(/invalid vaultLock\.minRetention 400 days\. It must be below vaultLock\.maxRetention \(35 days\): lower minRetention or raise maxRetention/);
  });

  test('vault lock that would fail the plan\'s own backup jobs', () => {
    const app = prodApp();
    expect(() => new CrossRegionBackup(new Stack(app, 'S', EU), 'Backup', {
      drVaultArn: DR_ARN,
      vaultLock: VaultLock.compliance({ minRetention: Duration.days(35), maxRetention: Duration.days(100) }),
    })).toThrow(/invalid vaultLock\.maxRetention 100 days\. The plan keeps recovery points up to 365 days/);
  });

  test('protecting an unsupported resource type', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    const backup = new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN });
    const queue = new sqs.Queue(stack, 'Queue');
    expect(() => backup.protect(queue))
      .toThrow(/invalid protect\(resource\) "S\/Queue \(AWS::SQS::Queue\)"\. AWS Backup plans of this construct protect AWS::RDS::DBInstance, .*Pass one of those/);
  });

  test('protecting a resource of another region', () => {
    const app = prodApp();
    const backup = new CrossRegionBackup(new Stack(app, 'S', EU), 'Backup', { drVaultArn: DR_ARN });
    const t = table(new Stack(app, 'Other', DR), 'T');
    expect(() => backup.protect(t)).toThrow(/It is in eu-central-1 but this backup plan is in eu-west-1: AWS Backup plans are regional/);
  });

  test('PROD without any cross-region destination; an air-gapped vault in the same region is none', () => {
    const app = prodApp();
    expect(() => new CrossRegionBackup(new Stack(app, 'S', EU), 'Backup'))
      .toThrow(/invalid drVaultArn undefined\. Profile 'prod' requires a cross-region copy/);
    expect(() => new CrossRegionBackup(new Stack(app, 'T', EU), 'Backup', { airGappedVault: {} }))
      .toThrow(/invalid drVaultArn undefined\. Profile 'prod' requires a cross-region copy .*an airGappedVault is in this region and does not survive a regional outage/);
  });

  test('a Multi-AZ DB cluster (non-Aurora AWS::RDS::DBCluster) with a DR vault: its snapshots cannot be copied across regions', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', EU);
    const backup = new CrossRegionBackup(stack, 'Backup', { drVaultArn: DR_ARN });
    const multiAz = new rds.CfnDBCluster(stack, 'MultiAz', { engine: 'mysql', dbClusterInstanceClass: 'db.m6gd.large', allocatedStorage: 100, storageType: 'io1', iops: 1000 });
    expect(() => backup.protect(multiAz))
      .toThrow(/CrossRegionBackup 'S\/Backup': invalid protect\(resource\) "S\/MultiAz \(AWS::RDS::DBCluster, engine mysql\)"\. It is a Multi-AZ DB cluster .*AWS Backup cannot copy its snapshots to another region.*Use an Aurora cluster or an RDS DB instance/);
    expect(() => backup.protectArn('arn:aws:rds:eu-west-1:111111111111:cluster:multi-az', ProtectedResourceType.RDS))
      .toThrow(/invalid protectArn\(resourceArn\) "arn:aws:rds:eu-west-1:111111111111:cluster:multi-az"\. It is a Multi-AZ DB cluster/);
    const scoped = new Stack(app, 'Scoped', EU);
    new rds.CfnDBCluster(scoped, 'MultiAz', { engine: 'postgres', dbClusterInstanceClass: 'db.m6gd.large', allocatedStorage: 100, storageType: 'io1', iops: 1000 });
    expect(() => backup.protectScope(scoped)).toThrow(/invalid protectScope\(scope\) "Scoped\/MultiAz \(AWS::RDS::DBCluster, engine postgres\)"/);
  });

  test('a Multi-AZ DB cluster without a DR vault (DEV) is protected', () => {
    const app = new App();
    ReadinessProfile.DEV.applyTo(app);
    const stack = new Stack(app, 'S', EU);
    const backup = new CrossRegionBackup(stack, 'Backup');
    backup.protect(new rds.CfnDBCluster(stack, 'MultiAz', { engine: 'mysql', dbClusterInstanceClass: 'db.m6gd.large', allocatedStorage: 100, storageType: 'io1', iops: 1000 }));
    expect(backup.protectedResourceTypes).toEqual([ProtectedResourceType.RDS]);
  });

  test('copy retention outside the DR vault lock, when the lock is known (drVaultLock)', () => {
    const app = prodApp();
    const lock = VaultLock.compliance({ minRetention: Duration.days(35), maxRetention: Duration.days(365) });
    expect(() => new CrossRegionBackup(new Stack(app, 'A', EU), 'Backup', { drVaultArn: DR_ARN, drVaultLock: lock, monthlyRetention: Duration.days(400) }))
      .toThrow(/invalid monthlyRetention 400 days\. Copies to the DR vault would be kept 400 days, above its vault lock maximum \(drVaultLock\.maxRetention, 365 days\): every copy job would fail/);
    expect(() => new CrossRegionBackup(new Stack(app, 'B', EU), 'Backup', {
      drVaultArn: DR_ARN,
      drVaultLock: VaultLock.compliance({ minRetention: Duration.days(60), maxRetention: Duration.days(365) }),
    })).toThrow(/invalid copyRetention 35 days\. Copies to the DR vault would be kept 35 days, below its vault lock minimum \(drVaultLock\.minRetention, 60 days\)/);
    // Within the bounds: fine.
    new CrossRegionBackup(new Stack(app, 'C', EU), 'Backup', { drVaultArn: DR_ARN, drVaultLock: lock });
  });

  test('daily retention below the profile minimum, and continuous backup beyond 35 days', () => {
    const app = prodApp();
    expect(() => new CrossRegionBackup(new Stack(app, 'A', EU), 'Backup', { drVaultArn: DR_ARN, dailyRetention: Duration.days(7) }))
      .toThrow(/invalid dailyRetention 7 days\. Profile 'prod' requires at least 35 days/);
    expect(() => new CrossRegionBackup(new Stack(app, 'B', EU), 'Backup', { drVaultArn: DR_ARN, dailyRetention: Duration.days(40), continuousBackup: true }))
      .toThrow(/invalid continuousBackup true\. Continuous backups are kept at most 35 days/);
  });

  test('DR companion in an environment-agnostic stack', () => {
    const app = prodApp();
    expect(() => new CrossRegionBackupDr(new Stack(app, 'Dr'), 'BackupDr')).toThrow(/invalid stack region "<unresolved>"\. Put CrossRegionBackupDr in a stack with an explicit region/);
  });
});

describe('cdk-nag', () => {
  test('the constructs are clean under AwsSolutions and NIST 800-53 R5 (acknowledgements carry reasons)', () => {
    const { app, data, backup } = twoRegions();
    const tbl = new ddb.Table(data, 'T', {
      partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
      billingMode: ddb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    backup.protect(tbl);
    // cdk-nag's DynamoDBInBackupPlan only looks for a plan in the table's own stack; BAK1 sees the plan in the Backup stack.
    Validations.of(tbl).acknowledge({ id: 'NIST.800.53.R5-DynamoDBInBackupPlan', reason: 'Selected by the CrossRegionBackup plan of the Backup stack (same account and region); Readiness-BAK1 verifies it across stacks' });
    for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks()]) {
      expect(pack.validateScope(app).violations).toEqual([]);
    }
  });
});

describe('restore automation in the primary region', () => {
  test('without a DR vault the restores come from this region: a restore automation over the primary vault, run as the plan role', () => {
    const app = new App({ context: { 'readiness:profile': 'staging' } });
    const stack = new Stack(app, 'Data', EU);
    const backup = new CrossRegionBackup(stack, 'Backup');
    backup.protect(table(stack, 'Orders'));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SSM::Document', 1);
    t.hasResourceProperties('AWS::SSM::Document', { DocumentType: 'Automation' });
    expect(backup.restoreAutomation?.restoreRole).toBe(backup.role);
    expect(JSON.stringify(t.findResources('AWS::IAM::ManagedPolicy'))).toContain(stack.resolve(backup.vault.vault.backupVaultArn)['Fn::GetAtt'][0]);
  });

  test('with a DR vault the companion deploys it in the DR region, and it can be turned off', () => {
    const { primary, dr, backup } = twoRegions();
    expect(backup.restoreAutomation).toBeUndefined();
    Template.fromStack(primary).resourceCountIs('AWS::SSM::Document', 0);
    Template.fromStack(dr).resourceCountIs('AWS::SSM::Document', 1);
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    const stack = new Stack(app, 'Data', EU);
    expect(new CrossRegionBackup(stack, 'Backup', { enableRestoreAutomation: false }).restoreAutomation).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::SSM::Document', 0);
  });
});
