import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../../profile';
import { daysOf, invalidProp } from '../../shared/validation';
import { VaultLock, VaultLockMode } from '../vault-lock';

/** The vault lock a profile asks for: compliance mode with the profile's retention bounds, or none. */
export function defaultLock(profile: ReadinessProfile, minDays?: number, maxDays?: number): VaultLock {
  if (!profile.requireVaultLock) return VaultLock.none();
  const min = minDays ?? profile.minBackupRetentionDays;
  const longest = Math.max(maxDays ?? 0, profile.monthlyBackupRetentionDays, profile.minBackupRetentionDays, profile.minCopyRetentionDays);
  return VaultLock.compliance({
    minRetention: Duration.days(min),
    maxRetention: Duration.days(Math.max(longest, min + 1)),
  });
}

/**
 * Eager checks of a lock's bounds, with errors that name the prop and the fix.
 *
 * @param prop the name of the prop the lock was given as (`vaultLock`, `lock`)
 */
export function validateLock(scope: Construct, construct: string, prop: string, lock: VaultLock): void {
  if (lock.mode === VaultLockMode.NONE) return;
  const min = daysOf(lock.minRetention);
  const max = daysOf(lock.maxRetention);
  if (min !== undefined && (min < 1 || !Number.isInteger(min))) {
    invalidProp(scope, construct, `${prop}.minRetention`, lock.minRetention, 'Use a whole number of days, at least 1.');
  }
  if (max !== undefined && (max > 36500 || !Number.isInteger(max))) {
    invalidProp(scope, construct, `${prop}.maxRetention`, lock.maxRetention, 'Use a whole number of days, at most 36500.');
  }
  if (min !== undefined && max !== undefined && min >= max) {
    invalidProp(scope, construct, `${prop}.minRetention`, lock.minRetention,
      `It must be below ${prop}.maxRetention (${max} days): lower minRetention or raise maxRetention.`);
  }
  const grace = lock.changeableFor;
  if (grace && !grace.isUnresolved() && grace.toHours({ integral: false }) < 72) {
    invalidProp(scope, construct, `${prop}.changeableFor`, grace, 'AWS Backup requires a grace period of at least 3 days (72 hours).');
  }
}

