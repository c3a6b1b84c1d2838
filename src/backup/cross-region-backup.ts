import { Annotations, Aspects, CfnResource, Duration, Lazy, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { BackupComplianceFramework } from './backup-compliance-framework';
import { BackupFailureAlerts } from './backup-failure-alerts';
import { BackupRestoreTesting, RestoreTestingOptions } from './backup-restore-testing';
import { DrRestoreAutomation } from '../runbooks/dr-restore-automation';
import { isMultiAzDbCluster, PROTECTABLE_TYPES, ProtectionTarget, targetOf, typeOfArn } from './private/protectable';
import { defaultLock, validateLock } from './private/vault-lock-defaults';
import { ProtectedResourceType } from './protected-resource-type';
import { ReadinessBackupVault } from './readiness-backup-vault';
import { VaultLock, VaultLockMode } from './vault-lock';
import { regionOfArn } from '../shared/arns';
import { BACKUP_MANAGED_POLICY_REASON, backupManagedPolicyIds } from '../shared/backup-service-role';
import { cfnResourceOf, isClusterMemberResource } from '../shared/cfn';
import { daysOf, invalidProp } from '../shared/validation';

const CONSTRUCT = 'CrossRegionBackup';
/** Continuous backups (point-in-time restore) are kept at most 35 days. */
const MAX_CONTINUOUS_DAYS = 35;

/**
 * A logically air-gapped vault: AWS-owned, compliance-locked storage shareable through AWS RAM,
 * isolated from the account's own credentials.
 */
export interface AirGappedVaultOptions {
  /**
   * Physical name of the air-gapped vault.
   *
   * @default - a deterministic name derived from the construct path
   */
  readonly backupVaultName?: string;

  /**
   * Minimum retention the air-gapped vault enforces.
   *
   * @default - `profile.minCopyRetentionDays`
   */
  readonly minRetention?: Duration;

  /**
   * Maximum retention the air-gapped vault enforces.
   *
   * @default - the longest retention the plan uses
   */
  readonly maxRetention?: Duration;
}

/**
 * Props of CrossRegionBackup.
 */
export interface CrossRegionBackupProps {
  /**
   * ARN of the DR vault in another region: `CrossRegionBackupDr.backupVaultArn` of the companion
   * construct in the DR region's stack, or the literal ARN of a vault you manage.
   *
   * @default - no cross-region copy (allowed only when the profile does not require one; the
   * `airGappedVault` is in this region and does not count as one)
   */
  readonly drVaultArn?: string;

  /**
   * The vault lock of the DR vault, when known (for example `CrossRegionBackupDr.vault.lock`),
   * so copy retention is checked against its bounds here: a copy kept longer than its maximum or
   * shorter than its minimum fails every copy job. Wired by ARN alone, the lock is unknown here
   * and rule Readiness-BAK3 checks it across stacks at synth.
   *
   * @default - not checked eagerly
   */
  readonly drVaultLock?: VaultLock;

  /**
   * Physical name of the primary vault.
   *
   * @default - a deterministic name derived from the construct path
   */
  readonly backupVaultName?: string;

  /**
   * Customer managed key of the primary vault.
   *
   * @default - a new key with rotation enabled, retained on delete
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Vault lock of the primary vault.
   *
   * @default - when the profile requires vault lock (PROD): compliance mode with minimum
   * `dailyRetention` and maximum the longest retention of the plan; else none
   */
  readonly vaultLock?: VaultLock;

  /**
   * The only role allowed to delete recovery points, change their lifecycle, or replace or delete
   * the vault access policy (the framework's manual-deletion control exempts it). Later changes to
   * the access policy must be deployed as this role: the policy denies them to everyone else,
   * the CloudFormation deployment role included.
   *
   * @default - nobody may; recovery points expire by retention and the access policy is fixed once deployed
   */
  readonly breakGlassRole?: iam.IRole;

  /**
   * Also copy every recovery point to a logically air-gapped vault in this region. It protects
   * against an attacker with the account's credentials, not a regional outage: it does not
   * replace `drVaultArn` where the profile requires a cross-region copy.
   *
   * @default - no air-gapped vault
   */
  readonly airGappedVault?: AirGappedVaultOptions;

  /**
   * Retention of daily recovery points (whole days).
   *
   * @default - `profile.minBackupRetentionDays`
   */
  readonly dailyRetention?: Duration;

  /**
   * Retention of monthly recovery points (whole days); `Duration.days(0)` for no monthly rule.
   *
   * @default - `profile.monthlyBackupRetentionDays`
   */
  readonly monthlyRetention?: Duration;

  /**
   * Retention of the DR copies of daily recovery points (monthly copies keep `monthlyRetention`).
   *
   * @default - the longer of `profile.minCopyRetentionDays` and `dailyRetention`
   */
  readonly copyRetention?: Duration;

  /**
   * When daily backups start.
   *
   * @default - 05:00 UTC every day; every `profile.rpoHours` hours when the profile's recovery
   * point objective is shorter than a day (the Backup Audit Manager RPO control checks it)
   */
  readonly dailySchedule?: events.Schedule;

  /**
   * When monthly backups start.
   *
   * @default - 05:00 UTC on the 1st of every month
   */
  readonly monthlySchedule?: events.Schedule;

  /**
   * How long after the scheduled time a backup may start before it is cancelled (at least 1 hour).
   *
   * @default Duration.hours(1)
   */
  readonly startWindow?: Duration;

  /**
   * How long a backup may run, from its scheduled time, before it is cancelled
   * (at least `startWindow` plus 1 hour).
   *
   * @default Duration.hours(8)
   */
  readonly completionWindow?: Duration;

  /**
   * Continuous backup (point-in-time restore) in the daily rule, for the types that support it
   * (RDS, Aurora, S3); other types get daily snapshots. Needs `dailyRetention` of at most 35 days.
   *
   * @default - true when `dailyRetention` is at most 35 days
   */
  readonly continuousBackup?: boolean;

  /**
   * Run restore tests of the protected resource types in this region.
   *
   * @default true
   */
  readonly enableRestoreTesting?: boolean;

  /**
   * Deploy an SSM Automation runbook (`DrRestoreAutomation`) in this region that restores a
   * resource from its newest recovery point in this construct's vault. With a DR vault the
   * companion `CrossRegionBackupDr` deploys one in the DR region instead, where the copies are.
   *
   * @default - true when there is no `drVaultArn`, false otherwise
   */
  readonly enableRestoreAutomation?: boolean;

  /**
   * How restore tests run.
   *
   * @default - weekly, with the defaults of `RestoreTestingOptions`
   */
  readonly restoreTesting?: RestoreTestingOptions;

  /**
   * Check the backups with a Backup Audit Manager framework (retention, RPO, RTO, cross-region
   * copy, vault lock, manual deletion). There is one framework per account and region in the app:
   * the first CrossRegionBackup there creates it, later ones add their scope to it. Set `false`
   * when another app or an account-level stack owns the framework of this account and region
   * (Backup Audit Manager allows at most 50 controls per account and region, and a second
   * framework would duplicate the first).
   *
   * @default true
   */
  readonly enableComplianceFramework?: boolean;

  /**
   * Bucket for the daily compliance report of the framework.
   *
   * @default - no report plan
   */
  readonly reportBucket?: s3.IBucket;

  /**
   * Topic for failed backup, copy and restore jobs.
   *
   * @default - a new KMS-encrypted topic
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Runbook link included in alerts.
   *
   * @default - runbook text only
   */
  readonly runbookUrl?: string;

  /**
   * The readiness profile whose retention, RPO, RTO, copy and lock requirements apply.
   *
   * @default - `ReadinessProfile.of(this)`
   */
  readonly profile?: ReadinessProfile;
}

/**
 * Scheduled, cross-region, locked and restore-tested AWS Backup for a region's data stores.
 *
 * - a primary vault (customer managed KMS key, RETAIN, vault lock, deletion denied but to a
 *   break-glass role) and, optionally, a logically air-gapped vault;
 * - a plan from the readiness profile: daily (continuous where supported) and monthly rules, each
 *   copying to the DR vault of `CrossRegionBackupDr` in another region with its own retention;
 * - selections: `protect(resource)`, `protectArn(arn)`, `protectScope(scope)` and
 *   `protectByTags(tags)` (every tag must match: AND, unlike the OR of the aws-backup L2's tag list);
 * - restore tests per protected resource type, a Backup Audit Manager framework, and alerts on
 *   failed backup, copy and restore jobs.
 *
 * ```ts
 * const dr = new CrossRegionBackupDr(drStack, 'BackupDr');
 * const backup = new CrossRegionBackup(stack, 'Backup', { drVaultArn: dr.backupVaultArn });
 * backup.protect(table);
 * backup.protectScope(dataStack);
 * ```
 */
export class CrossRegionBackup extends Construct {
  /** The primary vault. */
  public readonly vault: ReadinessBackupVault;
  /** The logically air-gapped vault, if any. */
  public readonly airGappedVaultArn?: string;
  /** ARN of the DR vault copies go to, if any. */
  public readonly drVaultArn?: string;
  /** The DR region, when the DR vault ARN names it literally. */
  public readonly drRegion?: string;
  /** Id of the backup plan. */
  public readonly backupPlanId: string;
  /** ARN of the backup plan. */
  public readonly backupPlanArn: string;
  /** The plan as an aws-backup L2 reference. */
  public readonly plan: backup.IBackupPlan;
  /** The role AWS Backup runs backups and copies as. */
  public readonly role: iam.IRole;
  /** Restore tests, if enabled. */
  public readonly restoreTesting?: BackupRestoreTesting;
  /** The SSM Automation runbook that restores from this region's vault, if enabled. */
  public readonly restoreAutomation?: DrRestoreAutomation;
  /** The compliance framework of this account and region (shared with other CrossRegionBackups of the app), if enabled. */
  public readonly complianceFramework?: BackupComplianceFramework;
  /** Alerts on failed jobs. */
  public readonly alerts: BackupFailureAlerts;
  /** Retention of daily recovery points, in days. */
  public readonly dailyRetentionDays: number;
  /** Retention of monthly recovery points, in days (0: no monthly rule). */
  public readonly monthlyRetentionDays: number;
  /** Retention of the DR copies of daily recovery points, in days. */
  public readonly copyRetentionDays: number;

  private readonly resourceArns: string[] = [];
  private readonly scopes: IConstruct[] = [];
  private readonly protectedTypes = new Set<ProtectedResourceType>();
  private resourceSelection?: backup.CfnBackupSelection;
  private tagSelections = 0;

  constructor(scope: Construct, id: string, props: CrossRegionBackupProps = {}) {
    super(scope, id);
    const profile = props.profile ?? ReadinessProfile.of(this);
    const stack = Stack.of(this);
    const retention = this.retention(props, profile);
    this.dailyRetentionDays = retention.daily;
    this.monthlyRetentionDays = retention.monthly;
    this.copyRetentionDays = retention.copy;
    const dr = this.drTarget(props, profile, stack);
    this.drVaultArn = dr.drVaultArn;
    this.drRegion = dr.drRegion;
    const vaults = this.buildVaults(props, profile);
    this.vault = vaults.vault;
    this.airGappedVaultArn = vaults.airGappedVaultArn;
    const plan = this.buildPlan(props, profile, retention, vaults);
    this.backupPlanId = plan.attrBackupPlanId;
    this.backupPlanArn = plan.attrBackupPlanArn;
    this.plan = backup.BackupPlan.fromBackupPlanId(this, 'PlanRef', plan.attrBackupPlanId);
    this.role = this.buildRole();
    const companions = this.buildCompanions(props, profile, retention, vaults);
    this.restoreTesting = companions.restoreTesting;
    this.restoreAutomation = companions.restoreAutomation;
    this.complianceFramework = companions.complianceFramework;
    this.alerts = new BackupFailureAlerts(this, 'Alerts', { topic: props.alarmTopic, runbookUrl: props.runbookUrl });
  }

  /** Retention of recovery points and copies, continuous backup and the backup windows, checked against the profile. */
  private retention(props: CrossRegionBackupProps, profile: ReadinessProfile): RetentionSettings {
    const daily = wholeDays(this, 'dailyRetention', props.dailyRetention, profile.minBackupRetentionDays);
    if (daily < profile.minBackupRetentionDays) {
      invalidProp(this, CONSTRUCT, 'dailyRetention', props.dailyRetention,
        `Profile '${profile.name}' requires at least ${profile.minBackupRetentionDays} days (minBackupRetentionDays): raise it, or use a profile with a lower minimum.`);
    }
    const monthly = wholeDays(this, 'monthlyRetention', props.monthlyRetention, profile.monthlyBackupRetentionDays, 0);
    if (monthly > 0 && monthly < daily) {
      invalidProp(this, CONSTRUCT, 'monthlyRetention', props.monthlyRetention,
        `Monthly recovery points must be kept at least as long as daily ones (${daily} days), or Duration.days(0) for no monthly rule.`);
    }
    const copy = wholeDays(this, 'copyRetention', props.copyRetention, Math.max(profile.minCopyRetentionDays, daily));
    if (copy < profile.minCopyRetentionDays) {
      invalidProp(this, CONSTRUCT, 'copyRetention', props.copyRetention,
        `Profile '${profile.name}' requires cross-region copies to be kept at least ${profile.minCopyRetentionDays} days (minCopyRetentionDays): use copyRetention: Duration.days(${profile.minCopyRetentionDays}) or more.`);
    }
    const continuous = props.continuousBackup ?? daily <= MAX_CONTINUOUS_DAYS;
    if (continuous && daily > MAX_CONTINUOUS_DAYS) {
      invalidProp(this, CONSTRUCT, 'continuousBackup', true,
        `Continuous backups are kept at most ${MAX_CONTINUOUS_DAYS} days but dailyRetention is ${daily} days: set continuousBackup: false, or lower dailyRetention.`);
    }
    const startWindow = props.startWindow ?? Duration.hours(1);
    const completionWindow = props.completionWindow ?? Duration.hours(8);
    if (!startWindow.isUnresolved() && startWindow.toMinutes() < 60) {
      invalidProp(this, CONSTRUCT, 'startWindow', startWindow, 'AWS Backup needs a start window of at least 1 hour.');
    }
    if (!startWindow.isUnresolved() && !completionWindow.isUnresolved() && completionWindow.toMinutes() < startWindow.toMinutes() + 60) {
      invalidProp(this, CONSTRUCT, 'completionWindow', completionWindow,
        `It must be at least startWindow (${startWindow.toHumanString()}) plus 1 hour.`);
    }
    return { daily, monthly, copy, continuous, startWindow, completionWindow };
  }

  /** The DR vault copies go to (another region), required by profiles that require a cross-region copy. */
  private drTarget(props: CrossRegionBackupProps, profile: ReadinessProfile, stack: Stack): { drVaultArn?: string; drRegion?: string } {
    if (props.drVaultArn !== undefined) {
      const drRegion = regionOfArn(props.drVaultArn);
      if (!Token.isUnresolved(props.drVaultArn) && !/^arn:[^:]+:backup:[^:]*:[^:]*:backup-vault:.+$/.test(props.drVaultArn) && !props.drVaultArn.includes('${Token')) {
        invalidProp(this, CONSTRUCT, 'drVaultArn', props.drVaultArn,
          'Give the ARN of a backup vault (arn:aws:backup:<region>:<account>:backup-vault:<name>), e.g. CrossRegionBackupDr.backupVaultArn.');
      }
      if (drRegion && !Token.isUnresolved(stack.region) && drRegion === stack.region) {
        invalidProp(this, CONSTRUCT, 'drVaultArn', props.drVaultArn,
          `The DR vault is in ${drRegion}, the same region as this stack: put CrossRegionBackupDr in a stack of another region (for example env: { region: '${drRegion === 'us-east-1' ? 'us-west-2' : 'us-east-1'}' }).`);
      }
      return { drVaultArn: props.drVaultArn, drRegion };
    } else if (profile.requireCrossRegionCopy) {
      invalidProp(this, CONSTRUCT, 'drVaultArn', undefined,
        `Profile '${profile.name}' requires a cross-region copy (requireCrossRegionCopy): create a CrossRegionBackupDr in a stack of another region and pass its backupVaultArn (an airGappedVault is in this region and does not survive a regional outage).`);
    }
    return {};
  }

  /** The primary vault (locked by the profile) and the copy targets: the DR vault and an optional air-gapped vault. */
  private buildVaults(props: CrossRegionBackupProps, profile: ReadinessProfile): VaultSettings {
    const longest = Math.max(this.dailyRetentionDays, this.monthlyRetentionDays);
    const monthlyCopyDays = Math.max(this.monthlyRetentionDays, this.copyRetentionDays);
    if (props.drVaultLock && this.drVaultArn) {
      checkCopiesFitDrLock(this, props, this.copyRetentionDays, this.monthlyRetentionDays > 0 ? monthlyCopyDays : undefined);
    }
    const lock = props.vaultLock ?? defaultLock(profile, this.dailyRetentionDays, longest);
    validateLock(this, CONSTRUCT, 'vaultLock', lock);
    checkLockFits(this, 'vaultLock', lock, this.dailyRetentionDays, longest);
    const vault = new ReadinessBackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: props.encryptionKey,
      lock,
      breakGlassRole: props.breakGlassRole,
      profile,
    });

    const copyTargets: Array<{ arn: string }> = [];
    if (this.drVaultArn) copyTargets.push({ arn: this.drVaultArn });
    let airGappedVaultArn: string | undefined;
    if (props.airGappedVault) {
      const o = props.airGappedVault;
      const min = wholeDays(this, 'airGappedVault.minRetention', o.minRetention, profile.minCopyRetentionDays);
      const max = wholeDays(this, 'airGappedVault.maxRetention', o.maxRetention, Math.max(longest, this.copyRetentionDays, min + 1));
      if (min >= max) {
        invalidProp(this, CONSTRUCT, 'airGappedVault.minRetention', o.minRetention, `It must be below airGappedVault.maxRetention (${max} days).`);
      }
      if (min > this.copyRetentionDays || max < Math.max(longest, this.copyRetentionDays)) {
        invalidProp(this, CONSTRUCT, 'airGappedVault', { minRetentionDays: min, maxRetentionDays: max },
          `Copies are kept ${this.copyRetentionDays} to ${Math.max(longest, this.copyRetentionDays)} days; the air-gapped vault's retention bounds must include that range or the copy jobs fail.`);
      }
      const lag = new backup.CfnLogicallyAirGappedBackupVault(this, 'AirGappedVault', {
        backupVaultName: o.backupVaultName ?? (Token.isUnresolved(vault.backupVaultName)
          ? `${Names.uniqueResourceName(this, { maxLength: 40, separator: '-' })}-airgap`
          : `${vault.backupVaultName.substring(0, 40)}-airgap`),
        minRetentionDays: min,
        maxRetentionDays: max,
      });
      lag.applyRemovalPolicy(RemovalPolicy.RETAIN);
      airGappedVaultArn = lag.attrBackupVaultArn;
      copyTargets.push({ arn: lag.attrBackupVaultArn });
    }
    return { vault, lock, copyTargets, airGappedVaultArn, longest, monthlyCopyDays };
  }

  /** The backup plan: a daily rule (continuous when it fits) and a monthly one, each copying to every copy target. */
  private buildPlan(props: CrossRegionBackupProps, profile: ReadinessProfile, r: RetentionSettings, v: VaultSettings): backup.CfnBackupPlan {
    type RuleProps = backup.CfnBackupPlan.BackupRuleResourceTypeProperty;
    const rule = (name: string, schedule: events.Schedule, retention: number, copyRetention: number, enableContinuous: boolean): RuleProps => ({
      ruleName: name,
      targetBackupVault: this.vault.backupVaultName,
      scheduleExpression: schedule.expressionString,
      startWindowMinutes: r.startWindow.isUnresolved() ? undefined : r.startWindow.toMinutes(),
      completionWindowMinutes: r.completionWindow.isUnresolved() ? undefined : r.completionWindow.toMinutes(),
      enableContinuousBackup: enableContinuous || undefined,
      lifecycle: { deleteAfterDays: retention },
      copyActions: v.copyTargets.length > 0 ? v.copyTargets.map((t) => ({
        destinationBackupVaultArn: t.arn,
        lifecycle: { deleteAfterDays: copyRetention },
      })) : undefined,
    });
    // The schedule must meet the RPO the compliance framework checks the newest recovery point against.
    const defaultSchedule = profile.rpoHours < 24
      ? events.Schedule.expression(`cron(0 */${profile.rpoHours} * * ? *)`)
      : events.Schedule.expression('cron(0 5 * * ? *)');
    const rules = [rule('Daily', props.dailySchedule ?? defaultSchedule, this.dailyRetentionDays, this.copyRetentionDays, r.continuous)];
    if (this.monthlyRetentionDays > 0) {
      rules.push(rule('Monthly', props.monthlySchedule ?? events.Schedule.expression('cron(0 5 1 * ? *)'), this.monthlyRetentionDays,
        v.monthlyCopyDays, false));
    }
    const plan = new backup.CfnBackupPlan(this, 'Plan', {
      backupPlan: { backupPlanName: `${this.vault.backupVaultName}-plan`, backupPlanRule: rules },
    });
    plan.node.addDependency(this.vault.vault);
    return plan;
  }

  /** The role AWS Backup runs the backups, copies and restores as (AWS managed service-role policies). */
  private buildRole(): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup runs the backups and copies of ${this.node.path} as this role`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    for (const ackId of backupManagedPolicyIds(['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'])) {
      Validations.of(role).acknowledge({ id: ackId, reason: BACKUP_MANAGED_POLICY_REASON });
    }
    return role;
  }

  /** Restore testing, DR restore automation and the account's compliance framework, as the props ask. */
  private buildCompanions(props: CrossRegionBackupProps, profile: ReadinessProfile, r: RetentionSettings, v: VaultSettings): Companions {
    let restoreTesting: BackupRestoreTesting | undefined;
    if (props.enableRestoreTesting ?? true) {
      restoreTesting = new BackupRestoreTesting(this, 'RestoreTesting', {
        ...props.restoreTesting,
        vaultArns: [this.vault.vault.backupVaultArn],
        role: this.role,
        // A continuous daily rule keeps one continuous recovery point of RDS and Aurora, not daily
        // snapshots: a snapshot-only plan would test them only around the monthly snapshot.
        includeContinuousRecoveryPoints: r.continuous,
      });
    }
    let restoreAutomation: DrRestoreAutomation | undefined;
    if (props.enableRestoreAutomation ?? props.drVaultArn === undefined) {
      restoreAutomation = new DrRestoreAutomation(this, 'RestoreAutomation', { backupVault: this.vault.vault, restoreRole: this.role });
    }
    let complianceFramework: BackupComplianceFramework | undefined;
    if (props.enableComplianceFramework ?? true) {
      const frameworkScope = {
        minRetentionDays: this.dailyRetentionDays,
        crossRegionCopyRegions: this.drRegion ? [this.drRegion] : undefined,
        vaultLockMinRetentionDays: v.lock.mode === VaultLockMode.NONE ? undefined : daysOf(v.lock.minRetention),
        vaultLockMaxRetentionDays: v.lock.mode === VaultLockMode.NONE ? undefined : daysOf(v.lock.maxRetention),
      };
      const existing = BackupComplianceFramework.of(this);
      if (existing) {
        // One framework per account and region: a second, identical one fails to deploy
        // (AlreadyExists) and spends the account's 50 controls per region.
        existing.addBackupScope({ ...frameworkScope, breakGlassPrincipalArns: this.breakGlassArnsFor(existing, props.breakGlassRole) });
        if (props.reportBucket) {
          Annotations.of(this).addWarningV2('cdk-readiness:backup-report-bucket-ignored',
            `reportBucket is ignored: the compliance framework of this account and region is ${existing.node.path}, made by an earlier CrossRegionBackup; give reportBucket to that one.`);
        }
        complianceFramework = existing;
      } else {
        complianceFramework = new BackupComplianceFramework(this, 'ComplianceFramework', {
          ...frameworkScope,
          profile,
          breakGlassPrincipalArns: props.breakGlassRole ? [props.breakGlassRole.roleArn] : undefined,
          reportBucket: props.reportBucket,
        });
      }
    }
    return { restoreTesting, restoreAutomation, complianceFramework };
  }

  /** The protected resource types so far (sorted). */
  public get protectedResourceTypes(): ProtectedResourceType[] {
    return [...this.protectedTypes].sort();
  }

  /**
   * Back up a data store: an RDS instance or cluster, Aurora cluster, DynamoDB table, EFS file
   * system, EBS volume, FSx file system, DocumentDB or Neptune cluster (the L2 or its L1).
   * It may live in another stack of the same account and region.
   *
   * @throws if AWS Backup cannot protect the resource type, or it is in another region
   */
  public protect(resource: IConstruct): void {
    const res = cfnResourceOf(resource);
    const target = res && targetOf(res);
    if (!res || !target) {
      const type = res ? res.cfnResourceType : resource.constructor.name;
      invalidProp(this, CONSTRUCT, 'protect(resource)', `${resource.node.path} (${type})`,
        `AWS Backup plans of this construct protect ${PROTECTABLE_TYPES.join(', ')}. Pass one of those (the L2 or its L1); for an imported resource use protectArn(arn).`);
    }
    if (isClusterMemberResource(res)) {
      invalidProp(this, CONSTRUCT, 'protect(resource)', resource.node.path,
        'This RDS instance belongs to a DB cluster, whose backups include it: protect the cluster instead.');
    }
    this.checkSameRegion(resource, Stack.of(res).region);
    this.checkCopyable(target, 'protect(resource)');
    this.addTarget(target.arn, target.type);
  }

  /**
   * Back up a data store by ARN (for example an imported DocumentDB or Neptune cluster).
   *
   * @param resourceArn ARN of the resource, in this stack's account and region
   * @param type restore-testing type of the resource
   * @default type - derived from the ARN for DynamoDB, EFS, EBS, FSx and RDS instances
   */
  public protectArn(resourceArn: string, type?: ProtectedResourceType): void {
    const resolvedType = type ?? (Token.isUnresolved(resourceArn) ? undefined : typeOfArn(resourceArn));
    if (!resolvedType) {
      invalidProp(this, CONSTRUCT, 'protectArn(resourceArn)', resourceArn,
        'Pass the ProtectedResourceType too (e.g. ProtectedResourceType.NEPTUNE): the type cannot be told from this ARN, or AWS Backup does not protect it.');
    }
    const region = Token.isUnresolved(resourceArn) ? undefined : regionOfArn(resourceArn);
    this.checkSameRegion(undefined, region, resourceArn);
    if (this.drVaultArn && resolvedType === ProtectedResourceType.RDS && !Token.isUnresolved(resourceArn) && /^arn:[^:]+:rds:[^:]*:[^:]*:cluster:/.test(resourceArn)) {
      invalidProp(this, CONSTRUCT, 'protectArn(resourceArn)', resourceArn, multiAzFix(this.drVaultArn));
    }
    this.addTarget(resourceArn, resolvedType);
  }

  /**
   * Back up every supported data store under a construct (a stack, a stage-local group, …), found
   * at synth, so resources added later are included. RDS instances of a cluster are left to the
   * cluster. Restore tests are set up for the types given.
   *
   * @param scope the construct whose data stores are backed up
   */
  public protectScope(scope: IConstruct): void {
    this.scopes.push(scope);
    this.ensureResourceSelection();
    for (const t of this.scanScope(scope)) {
      this.checkCopyable(t, 'protectScope(scope)');
      this.recordType(t.type);
    }
    if (this.scopes.length === 1) {
      // Resources added to the scopes after this call are selected by the lazy selection; their
      // types get restore tests and framework scope here, before synthesis renders the templates.
      Aspects.of(this).add({
        visit: (node) => {
          if (node !== this) return;
          for (const s of this.scopes) {
            for (const t of this.scanScope(s)) {
              this.checkCopyable(t, 'protectScope(scope)');
              this.recordType(t.type);
            }
          }
        },
      });
    }
  }

  /**
   * Back up every resource carrying ALL of these tags (the conditions are ANDed with
   * `Conditions.StringEquals`, not ORed like the aws-backup L2's `BackupResource.fromTag`).
   *
   * @param tags tag keys and the values each must have
   * @param restoreTestTypes the resource types to restore-test among the tagged resources
   * @default restoreTestTypes - none
   */
  public protectByTags(tags: { [key: string]: string }, restoreTestTypes?: ProtectedResourceType[]): void {
    const entries = Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) {
      invalidProp(this, CONSTRUCT, 'protectByTags(tags)', tags, 'Give at least one tag: an empty tag selection would back up every resource of the account and region.');
    }
    for (const [k, v] of entries) {
      if (Token.isUnresolved(k) || k.length === 0 || k.startsWith('aws:')) {
        invalidProp(this, CONSTRUCT, 'protectByTags(tags) key', k, 'Use a literal tag key that does not start with "aws:".');
      }
      if (typeof v !== 'string') invalidProp(this, CONSTRUCT, `protectByTags(tags)['${k}']`, v, 'Tag values are strings.');
    }
    this.tagSelections++;
    new backup.CfnBackupSelection(this, `TagSelection${this.tagSelections}`, {
      backupPlanId: this.backupPlanId,
      backupSelection: {
        selectionName: `tags-${this.tagSelections}`,
        iamRoleArn: this.role.roleArn,
        resources: ['*'],
        conditions: {
          StringEquals: entries.map(([k, v]) => ({ ConditionKey: `aws:ResourceTag/${k}`, ConditionValue: v })),
        },
      },
    });
    for (const t of restoreTestTypes ?? []) this.recordType(t);
  }

  private addTarget(arn: string, type: ProtectedResourceType): void {
    this.ensureResourceSelection();
    if (!this.resourceArns.includes(arn)) this.resourceArns.push(arn);
    this.recordType(type);
  }

  private recordType(type: ProtectedResourceType): void {
    this.protectedTypes.add(type);
    this.restoreTesting?.addResourceType(type);
    this.complianceFramework?.addResourceType(type);
  }

  private ensureResourceSelection(): void {
    if (this.resourceSelection) return;
    this.resourceSelection = new backup.CfnBackupSelection(this, 'Selection', {
      backupPlanId: this.backupPlanId,
      backupSelection: {
        selectionName: 'protected-resources',
        iamRoleArn: this.role.roleArn,
        resources: Lazy.list({ produce: () => this.selectedArns() }, { omitEmpty: true }),
      },
    });
    this.node.addValidation({
      validate: () => (this.selectedArns().length === 0
        ? [`${CONSTRUCT}: protect()/protectScope() selected no resource; the selection would be empty. Protect at least one data store, or remove the call.`]
        : []),
    });
  }

  private selectedArns(): string[] {
    const arns = [...this.resourceArns];
    for (const scope of this.scopes) {
      for (const t of this.scanScope(scope)) {
        this.checkSameRegion(t.resource, Stack.of(t.resource).region);
        this.checkCopyable(t, 'protectScope(scope)');
        if (!arns.includes(t.arn)) arns.push(t.arn);
      }
    }
    return arns;
  }

  private scanScope(scope: IConstruct) {
    return scope.node.findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && !isClusterMemberResource(c))
      .map(targetOf)
      .filter((t): t is NonNullable<ReturnType<typeof targetOf>> => t !== undefined);
  }

  /** AWS Backup cannot copy snapshots of Multi-AZ DB clusters to another region. */
  private checkCopyable(t: ProtectionTarget, prop: string): void {
    if (this.drVaultArn && isMultiAzDbCluster(t.resource)) {
      invalidProp(this, CONSTRUCT, prop, `${t.resource.node.path} (AWS::RDS::DBCluster, engine ${String((t.resource as any).engine)})`, multiAzFix(this.drVaultArn));
    }
  }

  /**
   * The break-glass role's ARN as the shared framework (maybe in another stack) can name it
   * without a cross-stack reference; undefined, with a warning, when it cannot.
   */
  private breakGlassArnsFor(framework: BackupComplianceFramework, role: iam.IRole | undefined): string[] | undefined {
    if (!role) return undefined;
    const owned = CfnResource.isCfnResource(role.node.defaultChild);
    if (!owned || Stack.of(role) === Stack.of(framework)) return [role.roleArn];
    if (!Token.isUnresolved(role.roleName)) {
      return [Stack.of(framework).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: role.roleName })];
    }
    Annotations.of(this).addWarningV2('cdk-readiness:break-glass-not-in-framework',
      `The break-glass role ${role.node.path} has a generated name in another stack than the compliance framework (${framework.node.path}): the control BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED does not exempt it. Give the role a roleName, or pass it as iam.Role.fromRoleName().`);
    return undefined;
  }

  private checkSameRegion(resource: IConstruct | undefined, region: string | undefined, arn?: string): void {
    const here = Stack.of(this).region;
    if (region && !Token.isUnresolved(region) && !Token.isUnresolved(here) && region !== here) {
      invalidProp(this, CONSTRUCT, 'protected resource', resource ? resource.node.path : arn,
        `It is in ${region} but this backup plan is in ${here}: AWS Backup plans are regional. Add a CrossRegionBackup to a stack in ${region}.`);
    }
  }
}

function wholeDays(scope: Construct, prop: string, d: Duration | undefined, fallback: number, min = 1): number {
  if (d === undefined) return fallback;
  const days = daysOf(d);
  if (days === undefined) {
    invalidProp(scope, CONSTRUCT, prop, '<token>', 'Give a literal Duration: retention is checked against the readiness profile at synth.');
  }
  if (!Number.isInteger(days) || days < min) {
    invalidProp(scope, CONSTRUCT, prop, d, `Use a whole number of days, at least ${min}.`);
  }
  return days;
}

/** A lock whose bounds exclude the plan's retentions makes every backup job fail. */
function checkLockFits(scope: Construct, prop: string, lock: VaultLock, shortest: number, longest: number): void {
  if (lock.mode === VaultLockMode.NONE) return;
  const min = daysOf(lock.minRetention);
  const max = daysOf(lock.maxRetention);
  if (min !== undefined && min > shortest) {
    invalidProp(scope, CONSTRUCT, `${prop}.minRetention`, lock.minRetention,
      `The plan keeps daily recovery points ${shortest} days; a lock minimum above that fails every backup job. Lower it to at most ${shortest} days.`);
  }
  if (max !== undefined && max < longest) {
    invalidProp(scope, CONSTRUCT, `${prop}.maxRetention`, lock.maxRetention,
      `The plan keeps recovery points up to ${longest} days; a lock maximum below that fails those backup jobs. Raise it to at least ${longest} days.`);
  }
}

function multiAzFix(drVaultArn: string): string {
  return `It is a Multi-AZ DB cluster (a non-Aurora AWS::RDS::DBCluster), and AWS Backup cannot copy its snapshots to another region, so every copy job to drVaultArn (${drVaultArn}) would fail. ` +
    'Use an Aurora cluster or an RDS DB instance (multiAz: true) instead, or protect the cluster with a CrossRegionBackup that has no drVaultArn.';
}

/** A DR vault lock whose bounds exclude the copy retention fails every copy job. */
function checkCopiesFitDrLock(scope: Construct, props: CrossRegionBackupProps, dailyCopyDays: number, monthlyCopyDays: number | undefined): void {
  const lock = props.drVaultLock!;
  if (lock.mode === VaultLockMode.NONE) return;
  const min = daysOf(lock.minRetention);
  const max = daysOf(lock.maxRetention);
  const copies: Array<{ prop: string; value: unknown; days: number }> = [
    { prop: 'copyRetention', value: props.copyRetention ?? Duration.days(dailyCopyDays), days: dailyCopyDays },
  ];
  if (monthlyCopyDays !== undefined) {
    const byMonthly = monthlyCopyDays > dailyCopyDays;
    copies.push({
      prop: byMonthly ? 'monthlyRetention' : 'copyRetention',
      value: (byMonthly ? props.monthlyRetention : props.copyRetention) ?? Duration.days(monthlyCopyDays),
      days: monthlyCopyDays,
    });
  }
  for (const c of copies) {
    if (min !== undefined && c.days < min) {
      invalidProp(scope, CONSTRUCT, c.prop, c.value,
        `Copies to the DR vault would be kept ${c.days} days, below its vault lock minimum (drVaultLock.minRetention, ${min} days): every copy job would fail. Raise ${c.prop} to at least ${min} days, or lower the DR vault's lock minimum.`);
    }
    if (max !== undefined && c.days > max) {
      invalidProp(scope, CONSTRUCT, c.prop, c.value,
        `Copies to the DR vault would be kept ${c.days} days, above its vault lock maximum (drVaultLock.maxRetention, ${max} days): every copy job would fail. Lower ${c.prop} to at most ${max} days, or raise the DR vault's lock maximum.`);
    }
  }
}

/** Retention and windows of a CrossRegionBackup, checked against the profile. */
interface RetentionSettings {
  readonly daily: number;
  readonly monthly: number;
  readonly copy: number;
  readonly continuous: boolean;
  readonly startWindow: Duration;
  readonly completionWindow: Duration;
}

/** The vaults of a CrossRegionBackup and what the plan copies to. */
interface VaultSettings {
  readonly vault: ReadinessBackupVault;
  readonly lock: VaultLock;
  readonly copyTargets: ReadonlyArray<{ arn: string }>;
  readonly airGappedVaultArn?: string;
  readonly longest: number;
  readonly monthlyCopyDays: number;
}

/** What a CrossRegionBackup adds beside the plan, as its props ask. */
interface Companions {
  readonly restoreTesting?: BackupRestoreTesting;
  readonly restoreAutomation?: DrRestoreAutomation;
  readonly complianceFramework?: BackupComplianceFramework;
}
