import { Duration } from 'aws-cdk-lib';

/** The two AWS Backup Vault Lock modes. */
export enum VaultLockMode {
  /**
   * Compliance mode: the lock can be changed or removed only during its grace period
   * (`changeableFor`, at least 3 days); after that it is IMMUTABLE. Nobody — not the account
   * root user, not AWS — can remove it, shorten retention or delete the vault while it holds
   * recovery points.
   */
  COMPLIANCE = 'COMPLIANCE',
  /**
   * Governance mode: users with `backup:DeleteBackupVaultLockConfiguration` can change or
   * remove the lock at any time.
   */
  GOVERNANCE = 'GOVERNANCE',
  /** No vault lock. */
  NONE = 'NONE',
}

/**
 * Retention bounds of a vault lock.
 */
export interface VaultLockRetention {
  /**
   * Recovery points must be kept at least this long (whole days, at least 1).
   * Backup and copy jobs with a shorter retention fail.
   */
  readonly minRetention: Duration;

  /**
   * Recovery points may be kept at most this long (whole days, at most 36500, above
   * `minRetention`). Backup and copy jobs with a longer retention fail.
   */
  readonly maxRetention: Duration;
}

/**
 * Options of a compliance-mode vault lock.
 */
export interface ComplianceVaultLockOptions extends VaultLockRetention {
  /**
   * The grace period: how long after the lock is first deployed it can still be changed or
   * removed. When it ends the lock is permanent.
   *
   * @default Duration.days(3) - the shortest AWS Backup allows (a 72-hour cooling-off period)
   */
  readonly changeableFor?: Duration;
}

/**
 * An AWS Backup Vault Lock: write-once-read-many protection of the recovery points of a vault.
 *
 * ```ts
 * VaultLock.compliance({ minRetention: Duration.days(35), maxRetention: Duration.days(365) });
 * ```
 */
export class VaultLock {
  /**
   * Compliance mode: changeable only during the grace period (`changeableFor`), then permanent.
   *
   * Think before you deploy it: when the grace period ends, nobody can remove the lock, shorten
   * retention below `minRetention`, or delete the vault until every recovery point has expired.
   */
  public static compliance(options: ComplianceVaultLockOptions): VaultLock {
    return new VaultLock(VaultLockMode.COMPLIANCE, options.minRetention, options.maxRetention, options.changeableFor ?? Duration.days(3));
  }

  /**
   * Governance mode: enforces retention bounds, but principals with
   * `backup:DeleteBackupVaultLockConfiguration` can remove it at any time.
   */
  public static governance(retention: VaultLockRetention): VaultLock {
    return new VaultLock(VaultLockMode.GOVERNANCE, retention.minRetention, retention.maxRetention, undefined);
  }

  /**
   * No vault lock (not allowed by profiles with `requireVaultLock`, rule Readiness-BAK4).
   */
  public static none(): VaultLock {
    return new VaultLock(VaultLockMode.NONE, undefined, undefined, undefined);
  }

  private constructor(
    /** The lock mode. */
    public readonly mode: VaultLockMode,
    /** Minimum retention; undefined for `none()`. */
    public readonly minRetention?: Duration,
    /** Maximum retention; undefined for `none()`. */
    public readonly maxRetention?: Duration,
    /** Grace period of a compliance-mode lock; undefined otherwise. */
    public readonly changeableFor?: Duration,
  ) {}
}
