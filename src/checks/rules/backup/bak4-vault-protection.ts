import { RuleImpact } from '../../../profile';
import { Failure, failAll, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** Whether an EncryptionKeyArn value names a customer managed key (not an AWS managed alias). */
function isCustomerKey(value: unknown, refersToKey: boolean): boolean {
  if (refersToKey) return true;
  if (typeof value === 'string') return !/alias\/aws\//.test(value);
  // An intrinsic we cannot read (a parameter, an import of another tool's stack): trust it is a key.
  return value !== undefined && value !== null;
}

/**
 * BAK4: backup vaults are encrypted with a customer managed key and, when the profile requires
 * it, locked.
 */
export const BAK4: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK4',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.HIGH,
  title: 'Backup vaults use a customer managed KMS key and, in PROD, a compliance-mode vault lock',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Backup integrity validation" (immutable, encrypted backups)',
  explanation:
    'A vault on the AWS managed key cannot have its key policy restricted or audited apart from the account, and an unlocked vault lets anyone with backup:DeleteRecoveryPoint (an attacker with admin credentials included) delete every recovery point. Vault Lock makes recovery points immutable for their retention, but only in compliance mode (ChangeableForDays set): a governance-mode lock can be removed by anyone with backup:DeleteBackupVaultLockConfiguration.',
  fix: 'Plain CDK: `encryptionKey: new kms.Key(this, "VaultKey", { enableKeyRotation: true })` and `lockConfiguration: { minRetention, maxRetention, changeableFor }` (`changeableFor` makes it a compliance-mode lock) on `backup.BackupVault`. With this library: `CrossRegionBackup`, `CrossRegionBackupDr` and `ReadinessBackupVault` create the key and take the lock from the profile.',
  resourceTypes: ['AWS::Backup::BackupVault'],
  evaluate(vault, index, profile) {
    const p = vault.properties;
    const failures: Failure[] = [];
    const refersToKey = index.referencedResources(p.EncryptionKeyArn, vault.stack).some((r) => r.type === 'AWS::KMS::Key');
    if (p.EncryptionKeyArn === undefined) {
      failures.push({ message: 'The vault is encrypted with the AWS managed key (aws/backup), not a customer managed key', location: 'Properties/EncryptionKeyArn' });
    } else if (!isCustomerKey(p.EncryptionKeyArn, refersToKey)) {
      failures.push({ message: 'The vault is encrypted with an AWS managed key alias, not a customer managed key', location: 'Properties/EncryptionKeyArn' });
    }
    if (profile.requireVaultLock) {
      const lock = p.LockConfiguration;
      if (!lock || lock.MinRetentionDays === undefined) {
        failures.push({ message: `The vault has no vault lock; profile '${profile.name}' requires one`, location: 'Properties/LockConfiguration' });
      } else if (lock.ChangeableForDays === undefined) {
        // Without ChangeableForDays the lock is in governance mode: anyone with
        // backup:DeleteBackupVaultLockConfiguration can remove it.
        failures.push({
          message: `The vault lock is in governance mode (no ChangeableForDays): anyone with backup:DeleteBackupVaultLockConfiguration can remove it; profile '${profile.name}' requires compliance mode`,
          location: 'Properties/LockConfiguration/ChangeableForDays',
        });
      }
    }
    return failAll(failures);
  },
};
