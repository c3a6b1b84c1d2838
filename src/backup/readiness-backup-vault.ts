import { Annotations, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { invalidProp } from '../shared/validation';
import { defaultLock, validateLock } from './private/vault-lock-defaults';
import { VaultLock, VaultLockMode } from './vault-lock';
import { restrictGrantsToAwsServices } from '../shared/key-grants';

const CONSTRUCT = 'ReadinessBackupVault';
const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;

/**
 * Denied to all but the break-glass role: deleting recovery points, changing their lifecycle, and
 * replacing or deleting the access policy (else an administrator swaps the policy, then deletes).
 */
const PROTECTED_VAULT_ACTIONS = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:PutBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultAccessPolicy',
];

/**
 * Props of a ReadinessBackupVault.
 */
export interface ReadinessBackupVaultProps {
  /**
   * Physical name of the vault (2-50 letters, digits, `-` or `_`). Copy actions in other regions
   * address the vault by an ARN built from this name.
   *
   * @default - a deterministic name derived from the construct path
   */
  readonly backupVaultName?: string;

  /**
   * Customer managed KMS key that encrypts the recovery points.
   *
   * @default - a new key with rotation enabled, retained on delete
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Vault lock.
   *
   * @default - when the profile requires vault lock (PROD): compliance mode with a 3-day grace
   * period, minimum retention `profile.minBackupRetentionDays` and maximum retention the longest
   * of the profile's retentions; otherwise no lock
   */
  readonly lock?: VaultLock;

  /**
   * The only role allowed to delete recovery points, change their lifecycle, or replace or delete
   * the vault access policy. Everyone else, administrators and the CloudFormation deployment role
   * included, is denied by the vault access policy.
   *
   * Once deployed, the access policy can only be changed (a new deployment that changes it, a new
   * break-glass role) by a deployment running as this role; without one it cannot be changed at all.
   *
   * @default - nobody may delete recovery points, change their lifecycle or change the access
   * policy; recovery points expire by retention
   */
  readonly breakGlassRole?: iam.IRole;

  /**
   * The readiness profile whose defaults apply.
   *
   * @default - `ReadinessProfile.of(this)`
   */
  readonly profile?: ReadinessProfile;
}

/**
 * An AWS Backup vault as production needs it: a customer managed KMS key, RETAIN on delete,
 * a vault lock (compliance mode in PROD) and an access policy that denies deleting recovery
 * points, changing their lifecycle and replacing or deleting the access policy itself to everyone
 * but a named break-glass role (what the AWS Config rule behind the Backup Audit Manager control
 * BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED checks).
 *
 * Because the policy denies `backup:PutBackupVaultAccessPolicy` and
 * `backup:DeleteBackupVaultAccessPolicy`, later changes to it (for example another break-glass
 * role) must be deployed by the break-glass role: a deployment as any other principal fails on
 * the vault access policy. Without a break-glass role the policy is fixed once deployed.
 *
 * A compliance-mode lock becomes permanent when its grace period ends; the construct says so
 * with a warning annotation at synth.
 */
export class ReadinessBackupVault extends Construct {
  /** The vault, for use with aws-cdk-lib's aws-backup L2s. */
  public readonly vault: backup.IBackupVault;
  /** Name of the vault. */
  public readonly backupVaultName: string;
  /**
   * ARN of the vault, built from the stack's account and region and the vault name, so it can be
   * passed as a plain string to stacks in other regions.
   */
  public readonly backupVaultArn: string;
  /** The key that encrypts the recovery points. */
  public readonly encryptionKey: kms.IKey;
  /** The vault lock in force. */
  public readonly lock: VaultLock;

  constructor(scope: Construct, id: string, props: ReadinessBackupVaultProps = {}) {
    super(scope, id);
    const profile = props.profile ?? ReadinessProfile.of(this);

    const name = props.backupVaultName ?? Names.uniqueResourceName(this, { maxLength: 50, separator: '-' });
    if (!Token.isUnresolved(name) && !VAULT_NAME.test(name)) {
      invalidProp(this, CONSTRUCT, 'backupVaultName', name, 'Use 2-50 letters, digits, hyphens or underscores.');
    }
    this.lock = props.lock ?? defaultLock(profile);
    validateLock(this, CONSTRUCT, 'lock', this.lock);

    this.encryptionKey = props.encryptionKey ?? restrictGrantsToAwsServices(new kms.Key(this, 'Key', {
      description: `Encrypts the AWS Backup recovery points of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }));

    const accessPolicy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        sid: 'DenyRecoveryPointDeletion',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...PROTECTED_VAULT_ACTIONS],
        resources: ['*'],
        conditions: props.breakGlassRole ? { ArnNotEquals: { 'aws:PrincipalArn': props.breakGlassRole.roleArn } } : undefined,
      })],
    });

    const vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: name,
      encryptionKey: this.encryptionKey,
      accessPolicy,
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: this.lock.mode === VaultLockMode.NONE ? undefined : {
        minRetention: this.lock.minRetention!,
        maxRetention: this.lock.maxRetention,
        changeableFor: this.lock.changeableFor,
      },
    });
    this.vault = vault;
    this.backupVaultName = name;
    this.backupVaultArn = `arn:${Stack.of(this).partition}:backup:${Stack.of(this).region}:${Stack.of(this).account}:backup-vault:${name}`;

    annotateLock(this, this.lock);
  }
}

function annotateLock(scope: Construct, lock: VaultLock): void {
  if (lock.mode === VaultLockMode.COMPLIANCE) {
    const grace = lock.changeableFor!.isUnresolved() ? 'its grace period' : `${lock.changeableFor!.toDays()} days`;
    Annotations.of(scope).addWarningV2('cdk-readiness:vault-lock-permanent',
      `Vault lock in COMPLIANCE mode: ${grace} after the first deployment the lock becomes PERMANENT. ` +
      'From then on nobody (not the root user, not AWS) can remove it or change its retention ' +
      `(min ${days(lock.minRetention)}, max ${days(lock.maxRetention)}), and the vault cannot be deleted until every recovery point has expired. ` +
      'Review the retention before deploying; acknowledge this warning once you have.');
  } else if (lock.mode === VaultLockMode.GOVERNANCE) {
    Annotations.of(scope).addInfo('Vault lock in GOVERNANCE mode: principals with backup:DeleteBackupVaultLockConfiguration can still remove it.');
  }
}

function days(d: Duration | undefined): string {
  return d === undefined || d.isUnresolved() ? 'as configured' : `${d.toDays()} days`;
}
