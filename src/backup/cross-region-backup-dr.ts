import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { BackupFailureAlerts } from './backup-failure-alerts';
import { BackupRestoreTesting, RestoreTestingOptions } from './backup-restore-testing';
import { DrRestoreAutomation } from '../runbooks/dr-restore-automation';
import { invalidProp } from '../shared/validation';
import { defaultLock } from './private/vault-lock-defaults';
import { ProtectedResourceType } from './protected-resource-type';
import { ReadinessBackupVault } from './readiness-backup-vault';
import { VaultLock } from './vault-lock';
import { BackupVerifier, BackupVerifierOptions } from './verifier';
import { DRILL_TYPES } from './verifier/private/config';

const CONSTRUCT = 'CrossRegionBackupDr';

/** Resource types restore-tested in the DR region unless told otherwise (FSx needs explicit metadata). */
const DEFAULT_DR_TEST_TYPES = [
  ProtectedResourceType.AURORA, ProtectedResourceType.DOCUMENTDB, ProtectedResourceType.DYNAMODB, ProtectedResourceType.EBS,
  ProtectedResourceType.EFS, ProtectedResourceType.NEPTUNE, ProtectedResourceType.RDS,
];

/**
 * Props of CrossRegionBackupDr.
 */
export interface CrossRegionBackupDrProps {
  /**
   * Physical name of the DR vault. The primary region's `CrossRegionBackup` copies to it by ARN.
   *
   * @default - a deterministic name derived from the construct path
   */
  readonly backupVaultName?: string;

  /**
   * Customer managed key of the DR vault, in the DR region.
   *
   * @default - a new key with rotation enabled, retained on delete
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Vault lock of the DR vault.
   *
   * @default - when the profile requires vault lock (PROD): compliance mode, minimum retention
   * `profile.minCopyRetentionDays`, maximum the longest of the profile's retentions; else none
   */
  readonly lock?: VaultLock;

  /**
   * The only role allowed to delete recovery points in the DR vault, change their lifecycle, or
   * replace or delete its access policy (later policy changes must be deployed as this role).
   * Pass it by name (`iam.Role.fromRoleName`) when it lives in a stack of another region.
   *
   * @default - nobody may delete recovery points; they expire by retention and the access policy is fixed once deployed
   */
  readonly breakGlassRole?: iam.IRole;

  /**
   * Restore tests of the copies in the DR region, the cross-region restore the audit asks for.
   *
   * @default - weekly restore tests with the defaults of `RestoreTestingOptions`
   */
  readonly restoreTesting?: RestoreTestingOptions;

  /**
   * Resource types whose copies are restore-tested in the DR region.
   *
   * @default - Aurora, DocumentDB, DynamoDB, EBS, EFS, Neptune and RDS (a type without copies is simply not tested)
   */
  readonly restoreTestResourceTypes?: ProtectedResourceType[];

  /**
   * Run restore tests in the DR region.
   *
   * @default true
   */
  readonly enableRestoreTesting?: boolean;

  /**
   * Topic for failed copy and restore jobs in the DR region.
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
   * The readiness profile whose defaults apply.
   *
   * @default - `ReadinessProfile.of(this)`
   */
  readonly profile?: ReadinessProfile;

  /**
   * Verify the backups of the primary region from here: a `BackupVerifier` that checks RPO, DR
   * copies, copy lag and encryption on a schedule (drills opt-in). Use `verifyBackups()` instead
   * when the primary vault's ARN is only known after this construct (the primary stack is built
   * from this one's `backupVaultArn`).
   *
   * @default - no verifier
   */
  readonly verification?: BackupVerifierOptions;

  // DR restore automation.
  /**
   * Deploy an SSM Automation runbook (`DrRestoreAutomation`) that restores a resource from its
   * newest copy in the DR vault; the generated DR runbook shows the command that runs it.
   *
   * @default true
   */
  readonly enableRestoreAutomation?: boolean;
}

/**
 * The disaster-recovery half of `CrossRegionBackup`, deployed in a stack of the DR region: the DR
 * vault (customer managed key, RETAIN, vault lock, deletion denied but to a break-glass role),
 * restore tests of the copies in that region and alerts on failed jobs there.
 *
 * Wire it to the primary region by ARN string, never by construct reference:
 *
 * ```ts
 * const dr = new CrossRegionBackupDr(drStack, 'BackupDr');
 * new CrossRegionBackup(primaryStack, 'Backup', { drVaultArn: dr.backupVaultArn });
 * ```
 *
 * The stack must have an explicit region, so the ARN names it.
 */
export class CrossRegionBackupDr extends Construct {
  /** The DR vault. */
  public readonly vault: ReadinessBackupVault;
  /** ARN of the DR vault, a string with a literal region: pass it to `CrossRegionBackup`. */
  public readonly backupVaultArn: string;
  /** The DR region. */
  public readonly region: string;
  /** Restore tests in the DR region, if enabled. */
  public readonly restoreTesting?: BackupRestoreTesting;
  /** Alerts on failed jobs in the DR region. */
  public readonly alerts: BackupFailureAlerts;
  /** The SSM Automation runbook that restores from the DR vault, if enabled. */
  public readonly restoreAutomation?: DrRestoreAutomation;

  private readonly props: CrossRegionBackupDrProps;
  private readonly profile: ReadinessProfile;
  private _verifier?: BackupVerifier;

  constructor(scope: Construct, id: string, props: CrossRegionBackupDrProps = {}) {
    super(scope, id);
    const profile = props.profile ?? ReadinessProfile.of(this);
    this.props = props;
    this.profile = profile;
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region)) {
      invalidProp(this, CONSTRUCT, 'stack region', '<unresolved>',
        `Put ${CONSTRUCT} in a stack with an explicit region (env: { region: 'eu-central-1' }): the primary region copies to its vault by an ARN that must name that region.`);
    }
    this.region = stack.region;

    this.vault = new ReadinessBackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: props.encryptionKey,
      lock: props.lock ?? defaultLock(profile, profile.minCopyRetentionDays),
      breakGlassRole: props.breakGlassRole,
      profile,
    });
    this.backupVaultArn = this.vault.backupVaultArn;

    if (props.enableRestoreTesting ?? true) {
      this.restoreTesting = new BackupRestoreTesting(this, 'RestoreTesting', {
        ...props.restoreTesting,
        vaultArns: [this.vault.vault.backupVaultArn],
        resourceTypes: props.restoreTestResourceTypes ?? DEFAULT_DR_TEST_TYPES,
      });
    }
    this.alerts = new BackupFailureAlerts(this, 'Alerts', { topic: props.alarmTopic, runbookUrl: props.runbookUrl });
    // DR restore automation (restores as the restore tests' role when there is one).
    if (props.enableRestoreAutomation ?? true) {
      this.restoreAutomation = new DrRestoreAutomation(this, 'RestoreAutomation', { backupVault: this.vault.vault, restoreRole: this.restoreTesting?.role });
    }
    if (props.verification) this.verifyBackups(props.verification);
  }

  /** The backup verifier, once `verification` or `verifyBackups()` added it. */
  public get verifier(): BackupVerifier | undefined {
    return this._verifier;
  }

  /**
   * Verify the backups of the primary vaults from the DR region: a scheduled `BackupVerifier`
   * that reads them and this DR vault (RPO, copies, copy lag, keys, failed jobs), with drills off
   * unless `options.drills` is given. Drills default to the restore testing's subnet group,
   * security groups and metadata overrides of this construct.
   *
   * @param options the primary vault ARNs (plain strings) and how to verify them
   */
  public verifyBackups(options: BackupVerifierOptions): BackupVerifier {
    if (this._verifier) {
      invalidProp(this, CONSTRUCT, 'verifyBackups()', options.primaryVaultArns,
        `Backups are already verified by ${this._verifier.node.path}: give every primary vault to one call (primaryVaultArns takes several).`);
    }
    const testing = this.props.restoreTesting;
    this._verifier = new BackupVerifier(this, 'Verifier', {
      runbookUrl: this.props.runbookUrl,
      profile: this.profile,
      ...options,
      drills: options.drills && {
        dbSubnetGroupName: testing?.dbSubnetGroupName,
        vpcSecurityGroupIds: testing?.vpcSecurityGroupIds,
        // Restore testing also covers types drills do not restore (FSx): their overrides stay there.
        metadataOverrides: testing?.metadataOverrides?.filter((o) => DRILL_TYPES.includes(o.resourceType)),
        ...options.drills,
      },
      drVaultArn: this.backupVaultArn,
      drVaultKey: this.vault.encryptionKey,
    });
    return this._verifier;
  }
}
