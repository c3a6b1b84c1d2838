import { planRules } from './backup-vaults';
import { Failure, failAll, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

function days(lifecycle: any): number | undefined {
  const d = lifecycle?.DeleteAfterDays;
  return typeof d === 'number' ? d : typeof d === 'string' && /^\d+$/.test(d) ? Number(d) : undefined;
}

/**
 * BAK3: backup and copy retention meet the profile minimums, and some rule keeps long-term
 * (monthly) recovery points when the profile asks for them.
 */
export const BAK3: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK3',
  area: ReadinessArea.BACKUP,
  title: 'Backup and copy retention meet the profile minimums (daily, copy and long-term retention)',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Automated backup scheduling" (retention policy)',
  explanation:
    'Corruption and ransomware are often found weeks later: recovery points must outlive the detection time. Every rule keeps its recovery points at least minBackupRetentionDays, every copy at least minCopyRetentionDays, and when the profile sets monthlyBackupRetentionDays some rule keeps them that long. A rule without DeleteAfterDays keeps them forever.',
  fix: 'Use `CrossRegionBackup` (retention from the profile), or raise `deleteAfter` of each rule and copy action to the profile minimums and add a monthly rule.',
  resourceTypes: ['AWS::Backup::BackupPlan'],
  evaluate(plan, _index, profile) {
    const failures: Failure[] = [];
    let longest = 0;
    planRules(plan).forEach((rule, i) => {
      const name = typeof rule?.RuleName === 'string' ? `'${rule.RuleName}'` : `#${i + 1}`;
      const kept = days(rule?.Lifecycle);
      longest = Math.max(longest, kept ?? Number.POSITIVE_INFINITY);
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
