import { AppIndex, asArray, IndexedResource } from '../../../analysis/app-index';
import { sameEnvironment } from '../../../analysis/backup-vaults';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** The checks the rule asks for, each met by any of its controls. */
const REQUIRED: Array<{ what: string; controls: string[]; when?: 'crossRegion' | 'vaultLock' }> = [
  { what: 'minimum retention', controls: ['BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK'] },
  { what: 'recovery point age (RPO)', controls: ['BACKUP_LAST_RECOVERY_POINT_CREATED'] },
  { what: 'cross-region copy', controls: ['BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', 'RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT'], when: 'crossRegion' },
  { what: 'vault lock', controls: ['BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK'], when: 'vaultLock' },
];

function frameworks(index: AppIndex): Array<{ framework: IndexedResource; controls: Set<string> }> {
  return index.derived('backup-frameworks', (i) => i.resourcesOfType('AWS::Backup::Framework').map((f) => ({
    framework: f,
    controls: new Set(asArray(f.properties.FrameworkControls).map((c: any) => String(c?.ControlName))),
  })));
}

/**
 * BAK7: stacks with backup plans have a Backup Audit Manager framework in their account and
 * region that checks retention, recovery point age and (as the profile requires) cross-region
 * copy and vault lock.
 */
export const BAK7: StackRule = {
  kind: 'stack',
  id: 'Readiness-BAK7',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.MEDIUM,
  title: 'A Backup Audit Manager framework checks cross-region copy, retention and recovery-point age',
  auditLine: 'Task 87 (Backup & Recovery, compliance): "MISSING: Backup integrity validation"; restore audit: "comprehensive backup validation"',
  explanation:
    'The template says what should happen; Backup Audit Manager checks, every day and in AWS Config, what did: that retention meets the minimum, that the last recovery point is younger than the RPO, that copies reach another region and that vaults are locked. One AWS::Backup::Framework in the account and region, in any stack, must hold those controls.',
  fix: 'Plain CDK: a `backup.CfnFramework` with the controls BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK, BACKUP_LAST_RECOVERY_POINT_CREATED, BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION and BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK. With this library: `CrossRegionBackup` adds a `BackupComplianceFramework` with them.',
  evaluate(stack, index) {
    if (!stack.resources.some((r) => r.type === 'AWS::Backup::BackupPlan')) return NOT_APPLICABLE;
    const profile = stack.profile;
    const wanted = REQUIRED.filter((r) => (r.when === 'crossRegion' ? profile.requireCrossRegionCopy : r.when === 'vaultLock' ? profile.requireVaultLock : true));
    const candidates = frameworks(index).filter((f) => sameEnvironment(f.framework.stack, stack));
    if (candidates.length === 0) {
      return fail(`No Backup Audit Manager framework in ${stack.region ?? 'this stack\'s region'} checks the backups (${wanted.map((w) => w.what).join(', ')})`, 'Stack');
    }
    const best = candidates
      .map((f) => wanted.filter((w) => !w.controls.some((c) => f.controls.has(c))))
      .sort((a, b) => a.length - b.length)[0];
    return best.length === 0 ? PASS : fail(`The Backup Audit Manager framework lacks controls for ${best.map((w) => w.what).join(', ')}`, 'Stack');
  },
};
