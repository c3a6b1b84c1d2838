import { App, CfnResource, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CrossRegionBackup, CrossRegionBackupDr, ReadinessProfile } from '../../src';
import { findingsOf, pathsWith, ruleOutcome } from '../util/findings';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const DR: StackProps = { env: { account: '111111111111', region: 'eu-central-1' } };

function prodApp() {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  return app;
}

/** The recommended shape: primary + DR companion, a table protected across stacks. */
function compliant() {
  const app = prodApp();
  const dr = new CrossRegionBackupDr(new Stack(app, 'Dr', DR), 'BackupDr');
  const data = new Stack(app, 'Data', EU);
  const tbl = new ddb.Table(data, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
  new CrossRegionBackup(new Stack(app, 'Backup', EU), 'Backup', { drVaultArn: dr.backupVaultArn }).protect(tbl);
  return app;
}

/** A hand-written plan (L1) with the given rules, in its own stack. */
function rawPlan(stack: Stack, rules: Record<string, unknown>[]) {
  return new backup.CfnBackupPlan(stack, 'Plan', { backupPlan: { backupPlanName: 'raw', backupPlanRule: rules as any } });
}

describe('the recommended setup passes every BAK rule', () => {
  test.each(['Readiness-BAK1', 'Readiness-BAK2', 'Readiness-BAK3', 'Readiness-BAK4', 'Readiness-BAK5', 'Readiness-BAK6', 'Readiness-BAK7'])('%s', (id) => {
    const app = compliant();
    expect(findingsOf(app, id)).toEqual([]);
    expect(ruleOutcome(app, id).evaluated).toBeGreaterThan(0);
  });
});

describe('Readiness-BAK2 every rule copies to another region or an air-gapped vault', () => {
  test('compliant: copy target matched by a literal ARN against a vault of another stack and region', () => {
    const app = prodApp();
    new backup.CfnBackupVault(new Stack(app, 'Dr', DR), 'Vault', { backupVaultName: 'dr' });
    rawPlan(new Stack(app, 'P', EU), [{
      ruleName: 'Daily', targetBackupVault: 'x', copyActions: [{ destinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr' }],
    }]);
    expect(pathsWith(app, 'Readiness-BAK2')).toEqual([]);
  });

  test('compliant: Fn::Join shape with pseudo parameters, and an air-gapped vault in another region', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    new backup.CfnLogicallyAirGappedBackupVault(new Stack(app, 'Far', DR), 'Lag', { backupVaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 400 });
    rawPlan(stack, [
      { ruleName: 'A', targetBackupVault: 'x', copyActions: [{ destinationBackupVaultArn: `arn:${stack.partition}:backup:us-east-1:${stack.account}:backup-vault:far` }] },
      { ruleName: 'B', targetBackupVault: 'x', copyActions: [{ destinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:lag' }] },
    ]);
    expect(pathsWith(app, 'Readiness-BAK2')).toEqual([]);
  });

  test('non-compliant: a logically air-gapped vault in the SAME region is no cross-region copy', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    const lag = new backup.CfnLogicallyAirGappedBackupVault(stack, 'Lag', { backupVaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 400 });
    rawPlan(stack, [{ ruleName: 'B', targetBackupVault: 'x', copyActions: [{ destinationBackupVaultArn: lag.attrBackupVaultArn }] }]);
    expect(findingsOf(app, 'Readiness-BAK2').map((f) => f.message)).toEqual([
      "Backup rule 'B' copies only within eu-west-1: its logically air-gapped vault is in the same region, so a regional outage takes it too; add a copy to a vault in another region",
    ]);
  });

  test('non-compliant: no copy action, and a copy to a vault of the same region', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    const local = new backup.CfnBackupVault(stack, 'Local', { backupVaultName: 'local' });
    rawPlan(stack, [
      { ruleName: 'NoCopy', targetBackupVault: 'x' },
      { ruleName: 'SameRegion', targetBackupVault: 'x', copyActions: [{ destinationBackupVaultArn: local.attrBackupVaultArn }] },
    ]);
    expect(findingsOf(app, 'Readiness-BAK2').map((f) => f.message)).toEqual([
      "Backup rule 'NoCopy' has no copy action: its recovery points live in one region only",
      "Backup rule 'SameRegion' copies only within eu-west-1: no destination is in another region",
    ]);
  });

  test('not applicable when the profile does not require cross-region copies (DEV)', () => {
    const app = new App();
    ReadinessProfile.DEV.applyTo(app);
    rawPlan(new Stack(app, 'P', EU), [{ ruleName: 'NoCopy', targetBackupVault: 'x' }]);
    expect(ruleOutcome(app, 'Readiness-BAK2').evaluated).toBe(0);
  });
});

describe('Readiness-BAK3 retention meets the profile', () => {
  test('compliant: daily 35, monthly 365, copies 35', () => {
    const app = prodApp();
    rawPlan(new Stack(app, 'P', EU), [
      { ruleName: 'Daily', targetBackupVault: 'x', lifecycle: { deleteAfterDays: 35 }, copyActions: [{ destinationBackupVaultArn: 'arn:aws:backup:us-east-1:1:backup-vault:v', lifecycle: { deleteAfterDays: 35 } }] },
      { ruleName: 'Monthly', targetBackupVault: 'x', lifecycle: { deleteAfterDays: 365 } },
    ]);
    expect(pathsWith(app, 'Readiness-BAK3')).toEqual([]);
  });

  test('non-compliant: the aws-backup L2 daily35 preset has no long-term rule; short retention and short copies', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    rawPlan(stack, [
      { ruleName: 'Daily', targetBackupVault: 'x', lifecycle: { deleteAfterDays: 7 }, copyActions: [{ destinationBackupVaultArn: 'arn:aws:backup:us-east-1:1:backup-vault:v', lifecycle: { deleteAfterDays: 14 } }] },
    ]);
    expect(findingsOf(app, 'Readiness-BAK3').map((f) => f.message)).toEqual([
      "Backup rule 'Daily' keeps recovery points 7 days; profile 'prod' requires at least 35",
      "Copy action 1 of backup rule 'Daily' keeps copies 14 days; profile 'prod' requires at least 35",
      "No rule keeps recovery points 365 days (the profile's long-term retention); the longest kept is 7 days",
    ]);
  });
});

describe('Readiness-BAK3 retention within the vault locks of the rule\'s vault and of every copy destination', () => {
  /** A DR vault in another stack and region with a lock of 35 to 365 days, and a plan copying to it by literal ARN. */
  function copyTo(copyDays: number | undefined) {
    const app = prodApp();
    const dr = new Stack(app, 'Dr', DR);
    new backup.BackupVault(dr, 'Vault', {
      backupVaultName: 'dr',
      encryptionKey: new kms.Key(dr, 'Key', { enableKeyRotation: true }),
      lockConfiguration: { minRetention: Duration.days(35), maxRetention: Duration.days(365), changeableFor: Duration.days(3) },
    });
    const copy = { destinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr', lifecycle: copyDays === undefined ? undefined : { deleteAfterDays: copyDays } };
    rawPlan(new Stack(app, 'P', EU), [
      { ruleName: 'Daily', targetBackupVault: 'x', lifecycle: { deleteAfterDays: 35 }, copyActions: [copy] },
      { ruleName: 'Monthly', targetBackupVault: 'x', lifecycle: { deleteAfterDays: 365 } },
    ]);
    return app;
  }

  test('compliant: copies kept within the DR vault lock (resolved across stacks and regions)', () => {
    expect(pathsWith(copyTo(365), 'Readiness-BAK3')).toEqual([]);
  });

  test('non-compliant: copies kept longer than the DR vault lock maximum, or forever', () => {
    expect(findingsOf(copyTo(400), 'Readiness-BAK3').map((f) => f.message)).toEqual([
      "Copy action 1 of backup rule 'Daily' keeps copies 400 days, above the MaxRetentionDays 365 of the vault lock of Dr/Vault/Resource: every copy job of the rule fails",
    ]);
    expect(findingsOf(copyTo(undefined), 'Readiness-BAK3').map((f) => f.message)).toEqual([
      "Copy action 1 of backup rule 'Daily' keeps copies forever (no DeleteAfterDays), above the MaxRetentionDays 365 of the vault lock of Dr/Vault/Resource: every copy job of the rule fails",
    ]);
  });

  test('non-compliant: copies kept shorter than the lock minimum of an air-gapped vault; a rule outside its own vault\'s lock', () => {
    const app = prodApp();
    new backup.CfnLogicallyAirGappedBackupVault(new Stack(app, 'Far', DR), 'Lag', { backupVaultName: 'lag', minRetentionDays: 90, maxRetentionDays: 400 });
    const stack = new Stack(app, 'P', EU);
    const own = new backup.CfnBackupVault(stack, 'Own', { backupVaultName: 'own', lockConfiguration: { minRetentionDays: 35, maxRetentionDays: 100 } });
    rawPlan(stack, [{
      ruleName: 'Monthly',
      targetBackupVault: own.backupVaultName,
      lifecycle: { deleteAfterDays: 365 },
      copyActions: [{ destinationBackupVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:lag', lifecycle: { deleteAfterDays: 60 } }],
    }]);
    expect(findingsOf(app, 'Readiness-BAK3').map((f) => f.message)).toEqual([
      "Backup rule 'Monthly' keeps recovery points 365 days, above the MaxRetentionDays 100 of the vault lock of P/Own: every backup job of the rule fails",
      "Copy action 1 of backup rule 'Monthly' keeps copies 60 days, below the MinRetentionDays 90 of the air-gapped vault's retention of Far/Lag: every copy job of the rule fails",
    ]);
  });
});

describe('Readiness-BAK4 customer key and vault lock', () => {
  test('compliant: vault with a customer key and a lock', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    new backup.BackupVault(stack, 'Vault', {
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      lockConfiguration: { minRetention: Duration.days(35), maxRetention: Duration.days(365), changeableFor: Duration.days(3) },
    });
    expect(pathsWith(app, 'Readiness-BAK4')).toEqual([]);
  });

  test('non-compliant: default vault (AWS managed key, no lock) and a vault on alias/aws/backup', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    new backup.BackupVault(stack, 'Default');
    new backup.CfnBackupVault(stack, 'Aliased', { backupVaultName: 'a', encryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:alias/aws/backup' });
    const messages = findingsOf(app, 'Readiness-BAK4').map((f) => `${f.constructPath}: ${f.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      'P/Default/Resource: The vault is encrypted with the AWS managed key (aws/backup), not a customer managed key',
      "P/Default/Resource: The vault has no vault lock; profile 'prod' requires one",
      'P/Aliased: The vault is encrypted with an AWS managed key alias, not a customer managed key',
    ]));
  });

  test('non-compliant in PROD: a governance-mode lock (no ChangeableForDays) can be removed', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    new backup.BackupVault(stack, 'Vault', {
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      lockConfiguration: { minRetention: Duration.days(35), maxRetention: Duration.days(365) },
    });
    expect(findingsOf(app, 'Readiness-BAK4').map((f) => f.message)).toEqual([
      "The vault lock is in governance mode (no ChangeableForDays): anyone with backup:DeleteBackupVaultLockConfiguration can remove it; profile 'prod' requires compliance mode",
    ]);
  });

  test('DEV: a vault without lock but with a customer key passes', () => {
    const app = new App();
    ReadinessProfile.DEV.applyTo(app);
    const stack = new Stack(app, 'P', EU);
    new backup.BackupVault(stack, 'Vault', { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
    expect(pathsWith(app, 'Readiness-BAK4')).toEqual([]);
  });
});

describe('Readiness-BAK5 restore testing covers every protected type', () => {
  test('non-compliant: a table in a plan without restore testing', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    const t = new ddb.Table(stack, 'T', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Sel', { resources: [backup.BackupResource.fromDynamoDbTable(t)] });
    expect(findingsOf(app, 'Readiness-BAK5').map((f) => f.message)).toEqual([
      'No restore testing selection of type DynamoDB covers this data store in its region: its backups are never test-restored',
    ]);
  });

  test('non-compliant: a restore testing selection of another type or another region does not count; not applicable to unprotected stores', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    const t = new ddb.Table(stack, 'T', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    new ddb.Table(stack, 'Unprotected', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Sel', { resources: [backup.BackupResource.fromDynamoDbTable(t)] });
    const testing = (s: Stack, type: string) => {
      new CfnResource(s, `Plan${type}`, { type: 'AWS::Backup::RestoreTestingPlan', properties: { RestoreTestingPlanName: 'p', ScheduleExpression: 'cron(0 1 ? * SUN *)', RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'] } } });
      new CfnResource(s, `Sel${type}`, { type: 'AWS::Backup::RestoreTestingSelection', properties: { RestoreTestingPlanName: 'p', RestoreTestingSelectionName: 's', ProtectedResourceType: type, ProtectedResourceArns: ['*'], IamRoleArn: 'arn:aws:iam::111111111111:role/r' } });
    };
    testing(stack, 'EFS');
    testing(new Stack(app, 'Other', DR), 'DynamoDB');
    expect(pathsWith(app, 'Readiness-BAK5')).toEqual(['P/T/Resource']);
    expect(ruleOutcome(app, 'Readiness-BAK5').evaluated).toBe(1);
  });
});

describe('Readiness-BAK5 the restore testing plan can pick the recovery points the backup rules make', () => {
  /** An Aurora cluster (or a table) protected by a CrossRegionBackup with a hand-written restore testing plan beside it. */
  function withTestingPlan(recoveryPointSelection: Record<string, unknown>, options: { continuousBackup?: boolean; table?: boolean } = {}) {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    const crb = new CrossRegionBackup(stack, 'Backup', {
      drVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr',
      backupVaultName: 'primary',
      continuousBackup: options.continuousBackup,
      enableRestoreTesting: false,
    });
    const type = options.table ? 'DynamoDB' : 'Aurora';
    if (options.table) {
      crb.protect(new ddb.Table(stack, 'T', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } }));
    } else {
      crb.protect(new CfnResource(stack, 'Aurora', { type: 'AWS::RDS::DBCluster', properties: { Engine: 'aurora-postgresql' } }));
    }
    new CfnResource(stack, 'TestPlan', {
      type: 'AWS::Backup::RestoreTestingPlan',
      properties: { RestoreTestingPlanName: 'tests', ScheduleExpression: 'cron(0 3 ? * SUN *)', RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', ...recoveryPointSelection } },
    });
    new CfnResource(stack, 'TestSel', {
      type: 'AWS::Backup::RestoreTestingSelection',
      properties: { RestoreTestingPlanName: 'tests', RestoreTestingSelectionName: 's', ProtectedResourceType: type, ProtectedResourceArns: ['*'], IamRoleArn: 'arn:aws:iam::111111111111:role/r' },
    });
    return app;
  }

  test('compliant: a continuous daily rule and a plan accepting CONTINUOUS from the plan\'s vault (by ARN pattern or *)', () => {
    expect(pathsWith(withTestingPlan({ IncludeVaults: ['arn:aws:backup:eu-west-1:111111111111:backup-vault:primary'], RecoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'], SelectionWindowDays: 7 }), 'Readiness-BAK5')).toEqual([]);
    expect(pathsWith(withTestingPlan({ IncludeVaults: ['*'], RecoveryPointTypes: ['CONTINUOUS'] }), 'Readiness-BAK5')).toEqual([]);
  });

  test('compliant: snapshots only, when a snapshot rule runs within the window (no continuous backup; or a table, which has no continuous backup)', () => {
    expect(pathsWith(withTestingPlan({ IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 7 }, { continuousBackup: false }), 'Readiness-BAK5')).toEqual([]);
    expect(pathsWith(withTestingPlan({ IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 7 }, { table: true }), 'Readiness-BAK5')).toEqual([]);
  });

  test('non-compliant: a continuous daily rule and a snapshot-only plan whose window misses the monthly snapshot', () => {
    expect(findingsOf(withTestingPlan({ IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 7 }), 'Readiness-BAK5').map((f) => f.message)).toEqual([
      "The restore testing plan 'tests' cannot pick this data store's recovery points: backup rule 'Daily' makes continuous recovery points (EnableContinuousBackup) but RecoveryPointTypes is [\"SNAPSHOT\"]; no snapshot rule runs within its SelectionWindowDays of 7 days ('Monthly' every 31 days)",
    ]);
  });

  test('compliant: a snapshot-only plan whose 31-day window reaches the monthly snapshot', () => {
    expect(pathsWith(withTestingPlan({ IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 31 }), 'Readiness-BAK5')).toEqual([]);
  });

  test('non-compliant: IncludeVaults without the plan\'s vault', () => {
    expect(findingsOf(withTestingPlan({ IncludeVaults: ['arn:aws:backup:eu-west-1:111111111111:backup-vault:other'], RecoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT'] }), 'Readiness-BAK5').map((f) => f.message)).toEqual([
      "The restore testing plan 'tests' cannot pick this data store's recovery points: its IncludeVaults (minus ExcludeVaults) hold none of the vaults the backup rules keep this data store's recovery points in",
    ]);
  });
});

describe('Readiness-BAK6 job failures raise an alert with an action', () => {
  test('non-compliant: a plan and a vault with no alerts in the region; an event rule without targets does not count', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    rawPlan(stack, [{ ruleName: 'Daily', targetBackupVault: 'x' }]);
    new events.Rule(stack, 'NoTarget', { eventPattern: { source: ['aws.backup'] } });
    expect(findingsOf(app, 'Readiness-BAK6').map((f) => f.message)).toEqual(['No alert with an action on failed backup, copy, restore jobs in eu-west-1']);
  });

  test('non-compliant: a rule on detail.state for restore jobs too never matches a failed restore (restore events carry status)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    rawPlan(stack, [{ ruleName: 'Daily', targetBackupVault: 'x' }]);
    const topic = new sns.Topic(stack, 'Alerts');
    new events.Rule(stack, 'StateOnly', {
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
        detail: { state: ['FAILED', 'ABORTED'] },
      },
      targets: [new targets.SnsTopic(topic)],
    });
    expect(findingsOf(app, 'Readiness-BAK6').map((f) => f.message)).toEqual(['No alert with an action on failed restore jobs in eu-west-1']);
  });

  test.each([
    ['a rule on status for restore jobs beside one on state', [
      { detailType: ['Backup Job State Change', 'Copy Job State Change'], detail: { state: ['FAILED'] } },
      { detailType: ['Restore Job State Change'], detail: { status: ['FAILED', 'ABORTED'] } },
    ]],
    ['one rule whose detail is an $or of state and status', [
      { detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'], detail: { $or: [{ state: ['FAILED'] }, { status: ['FAILED'] }] } },
    ]],
  ])('compliant: %s', (_what, patterns) => {
    const app = prodApp();
    const stack = new Stack(app, 'P', EU);
    rawPlan(stack, [{ ruleName: 'Daily', targetBackupVault: 'x' }]);
    const topic = new sns.Topic(stack, 'Alerts');
    patterns.forEach((p, i) => new events.Rule(stack, `Rule${i}`, { eventPattern: { source: ['aws.backup'], ...p }, targets: [new targets.SnsTopic(topic)] }));
    expect(findingsOf(app, 'Readiness-BAK6')).toEqual([]);
  });

  test('compliant: alerts in another stack of the same region; the DR region needs its own', () => {
    const app = prodApp();
    new CrossRegionBackup(new Stack(app, 'Ops', EU), 'Backup', { drVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr' });
    rawPlan(new Stack(app, 'P', EU), [{ ruleName: 'Daily', targetBackupVault: 'x' }]);
    new backup.CfnBackupVault(new Stack(app, 'Far', DR), 'Vault', { backupVaultName: 'far' });
    expect(pathsWith(app, 'Readiness-BAK6')).toEqual(['Far']);
  });
});

describe('Readiness-BAK7 a Backup Audit Manager framework checks the backups', () => {
  test('non-compliant: no framework; a framework without the RPO and cross-region controls', () => {
    const app = prodApp();
    rawPlan(new Stack(app, 'A', EU), [{ ruleName: 'Daily', targetBackupVault: 'x' }]);
    const b = new Stack(app, 'B', DR);
    rawPlan(b, [{ ruleName: 'Daily', targetBackupVault: 'x' }]);
    new backup.CfnFramework(b, 'Framework', {
      frameworkControls: [
        { controlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK' },
        { controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK' },
      ],
    });
    expect(findingsOf(app, 'Readiness-BAK7').map((f) => `${f.constructPath}: ${f.message}`)).toEqual([
      'A: No Backup Audit Manager framework in eu-west-1 checks the backups (minimum retention, recovery point age (RPO), cross-region copy, vault lock)',
      'B: The Backup Audit Manager framework lacks controls for recovery point age (RPO), cross-region copy',
    ]);
  });

  test('compliant: the framework of CrossRegionBackup covers a hand-written plan in another stack of the region', () => {
    const app = prodApp();
    new CrossRegionBackup(new Stack(app, 'Ops', EU), 'Backup', { drVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr' });
    rawPlan(new Stack(app, 'P', EU), [{ ruleName: 'Daily', targetBackupVault: 'x' }]);
    expect(pathsWith(app, 'Readiness-BAK7')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK7')).toMatchObject({ evaluated: 2, passed: 2 });
  });
});
