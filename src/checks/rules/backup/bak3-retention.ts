import { IndexedResource } from '../../../analysis/app-index';
import { planRules, resolveRuleVault, resolveVaultTarget, retentionBounds, wholeNumber } from '../../../analysis/backup-vaults';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

function days(lifecycle: any): number | undefined {
  return wholeNumber(lifecycle?.DeleteAfterDays);
}

/**
 * Why a vault's lock (or air-gapped retention bounds) rejects recovery points kept `kept` days
 * (`undefined`: kept forever), or undefined when it accepts them: such backup and copy jobs fail.
 */
function outsideBounds(vault: IndexedResource | undefined, kept: number | undefined): string | undefined {
  if (!vault) return undefined;
  const { min, max } = retentionBounds(vault);
  const what = vault.type === 'AWS::Backup::LogicallyAirGappedBackupVault' ? 'the air-gapped vault\'s retention' : 'the vault lock';
  const where = vault.path;
  if (max !== undefined && (kept === undefined || kept > max)) {
    return `${kept === undefined ? 'forever (no DeleteAfterDays)' : `${kept} days`}, above the MaxRetentionDays ${max} of ${what} of ${where}`;
  }
  if (min !== undefined && kept !== undefined && kept < min) {
    return `${kept} days, below the MinRetentionDays ${min} of ${what} of ${where}`;
  }
  return undefined;
}

/**
 * BAK3: backup and copy retention meet the profile minimums, and some rule keeps long-term
 * (monthly) recovery points when the profile asks for them.
 */
export const BAK3: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK3',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.HIGH,
  title: 'Backup and copy retention meet the profile minimums (daily, copy and long-term retention)',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Automated backup scheduling" (retention policy)',
  explanation:
    'Corruption and ransomware are often found weeks later: recovery points must outlive the detection time. Every rule keeps its recovery points at least minBackupRetentionDays, every copy at least minCopyRetentionDays, and when the profile sets monthlyBackupRetentionDays some rule keeps them that long. A rule without DeleteAfterDays keeps them forever. Retention must also lie within the vault lock (MinRetentionDays to MaxRetentionDays) of the vault a rule stores in and of every copy destination, resolved across the app\'s stacks and regions: outside it every backup or copy job fails.',
  fix: 'Plain CDK: raise `deleteAfter` of each `backup.BackupPlanRule` and copy action to the profile minimums, add a monthly rule (`schedule: events.Schedule.cron({ day: "1", hour: "5", minute: "0" })`), and keep each retention within the vault lock of its vault. With this library: `CrossRegionBackup` takes the retention from the profile (pass `drVaultLock` to check copies against the DR vault lock eagerly).',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  evaluate(plan, index, profile) {
    const failures: Failure[] = [];
    let longest = 0;
    planRules(plan).forEach((rule, i) => {
      const name = typeof rule?.RuleName === 'string' ? `'${rule.RuleName}'` : `#${i + 1}`;
      const kept = days(rule?.Lifecycle);
      longest = Math.max(longest, kept ?? Number.POSITIVE_INFINITY);
      const ownVault = outsideBounds(resolveRuleVault(rule?.TargetBackupVault, plan.stack, index).vault, kept);
      if (ownVault) {
        failures.push({
          message: `Backup rule ${name} keeps recovery points ${ownVault}: every backup job of the rule fails`,
          location: `Properties/BackupPlan/BackupPlanRule/${i}/Lifecycle/DeleteAfterDays`,
        });
      }
      if (kept !== undefined && kept < profile.minBackupRetentionDays) {
        failures.push({
          message: `Backup rule ${name} keeps recovery points ${kept} days; profile '${profile.name}' requires at least ${profile.minBackupRetentionDays}`,
          location: `Properties/BackupPlan/BackupPlanRule/${i}/Lifecycle/DeleteAfterDays`,
        });
      }
      (Array.isArray(rule?.CopyActions) ? rule.CopyActions : []).forEach((action: any, j: number) => {
        const copyKept = days(action?.Lifecycle);
        if (copyKept !== undefined && copyKept < profile.minCopyRetentionDays) {
          failures.push({
            message: `Copy action ${j + 1} of backup rule ${name} keeps copies ${copyKept} days; profile '${profile.name}' requires at least ${profile.minCopyRetentionDays}`,
            location: `Properties/BackupPlan/BackupPlanRule/${i}/CopyActions/${j}/Lifecycle/DeleteAfterDays`,
          });
        }
        const destination = outsideBounds(resolveVaultTarget(action?.DestinationBackupVaultArn, plan.stack, index).vault, copyKept);
        if (destination) {
          failures.push({
            message: `Copy action ${j + 1} of backup rule ${name} keeps copies ${destination}: every copy job of the rule fails`,
            location: `Properties/BackupPlan/BackupPlanRule/${i}/CopyActions/${j}/Lifecycle/DeleteAfterDays`,
          });
        }
      });
    });
    if (profile.monthlyBackupRetentionDays > 0 && longest < profile.monthlyBackupRetentionDays) {
      failures.push({
        message: `No rule keeps recovery points ${profile.monthlyBackupRetentionDays} days (the profile's long-term retention); the longest kept is ${longest} days`,
        location: 'Properties/BackupPlan/BackupPlanRule',
      });
    }
    return failAll(failures);
  },
};
